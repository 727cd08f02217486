import { ExitCode, GatewalkError } from '../core/errors.js';
import { verifyLogbook } from '../logbook/verify.js';
import { loadWorkspace } from '../session/session.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';

export async function logbookCommand(args: CliArgs, io: Io): Promise<number> {
  if (args.command[1] !== 'verify') throw new GatewalkError('usage: gatewalk logbook verify', 'checks the hash chain of the env\'s logbook');
  const { workspace: ws } = await loadWorkspace(sessionOptions(args));
  const res = await verifyLogbook(ws.logbookPath);
  if (res.ok) {
    io.out(`ok: ${ws.logbookPath}: ${res.records} record(s), hash chain intact`);
    return ExitCode.green;
  }
  io.out(`BROKEN: ${ws.logbookPath}:${res.line}: ${res.reason}`);
  // A broken audit trail blocks progression like any other blocker.
  return ExitCode.blockers;
}
