import { ExitCode, GatewalkError } from '../core/errors.js';
import { type CheckpointOptions, verifyFromCheckpoint } from './checkpoint.js';
import { headOf, type LogbookHead, type LogbookRecord } from './record.js';
import { verifyLogbookIndexed } from './verify-parallel.js';
import { advice, cmd } from '../core/advice.js';

// Phase state is derived from the logbook (law 8), so a reader that trusts a record must first
// know the whole chain up to it verifies: an edited record could otherwise vouch for anything.

/**
 * The head of a logbook whose whole chain verifies (a big one walked on every core, as `logbook
 * verify` walks it); a broken chain is tampering (exit 3). An empty or missing logbook: seq 0, GENESIS.
 */
export async function readVerifiedHead(file: string): Promise<LogbookHead> {
  const chain = await verifyLogbookIndexed(file, []);
  if (!chain.result.ok) throw tampering(file, chain.result);
  return chain.result.records ? { seq: chain.result.records, hash: chain.hashes.at(-1)! } : headOf(undefined);
}

/** The records of these kinds, oldest first, of a logbook whose whole chain verifies; broken: tampering (exit 3). */
export async function readVerifiedKinds(file: string, kinds: readonly string[]): Promise<LogbookRecord[]> {
  const chain = await verifyLogbookIndexed(file, kinds);
  if (!chain.result.ok) throw tampering(file, chain.result);
  return chain.kept;
}

/**
 * The chain verified from a checkpoint that holds (checkpoint.ts) or from the first line: the
 * records the checkpoint carried, then every record after it, and the head. Broken: tampering (exit 3).
 */
export async function readCheckedChain(file: string, o: CheckpointOptions): Promise<{ records: LogbookRecord[]; head: LogbookHead }> {
  const chain = await verifyFromCheckpoint(file, o);
  if (!chain.result.ok) throw tampering(file, chain.result);
  return { records: chain.records, head: { seq: chain.last.seq, hash: chain.last.hash } };
}

function tampering(file: string, res: { line: number; reason: string }): GatewalkError {
  return new GatewalkError(
    `tampering: ${file}:${res.line}: ${res.reason}; no phase state is read from a broken logbook`,
    advice`run \`${cmd('logbook', 'verify')}\`; restore the logbook from a backup (it is append-only: never edit it in place)`,
    ExitCode.blockers,
  );
}
