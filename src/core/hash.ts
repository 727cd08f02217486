import { hash } from 'node:crypto';

/** Hex SHA-256 of bytes or UTF-8 text: the one digest gatewalk records (logbook chain, snapshots, registry). */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex'); // one-shot: no Hash object per call (the logbook hashes every line)
}
