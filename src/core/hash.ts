import { createHash } from 'node:crypto';

/** Hex SHA-256 of bytes or UTF-8 text: the one digest gatewalk records (logbook chain, snapshots, registry). */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
