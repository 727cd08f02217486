import { ExitCode, GatewalkError } from '../core/errors.js';
import { type CheckpointOptions, verifyFromCheckpoint } from './checkpoint.js';
import type { LogbookHead, LogbookRecord } from './record.js';
import { advice, cmd } from '../core/advice.js';

// Phase state is derived from the logbook (law 8), so a reader that trusts a record must first
// know the whole chain up to it verifies: an edited record could otherwise vouch for anything.

/**
 * The chain verified from a checkpoint that holds (checkpoint.ts) or from the first line: the
 * records the checkpoint carried, then every record after it, and the head. Broken: tampering (exit 3).
 */
export async function readCheckedChain(file: string, o: CheckpointOptions): Promise<{ records: LogbookRecord[]; head: LogbookHead }> {
  const chain = await verifyFromCheckpoint(file, o);
  if (!chain.result.ok) throw tampering(file, chain.result);
  return { records: chain.records, head: { seq: chain.last.seq, hash: chain.last.hash } };
}

/** A broken chain, as every reader that needs a verified one reports it: tampering, exit 3, file:line and reason. */
export function tampering(file: string, res: { line: number; reason: string }): GatewalkError {
  return new GatewalkError(
    `tampering: ${file}:${res.line}: ${res.reason}; no phase state is read from a broken logbook`,
    advice`run \`${cmd('logbook', 'verify')}\`; restore the logbook from a backup (it is append-only: never edit it in place)`,
    ExitCode.blockers,
  );
}
