import { tampering } from './read-chain.js';
import { headOf, type LogbookHead, type LogbookRecord } from './record.js';
import { verifyLogbookIndexed } from './verify-parallel.js';

// What `logbook head` and a docs-only CI seal need from a chain verified whole, walked as `logbook
// verify` walks it (a big logbook on every core). Apart from read-chain.ts so that status and the
// phase screens, which resume from a checkpoint, never load the parallel walk.

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
