import { readFile } from 'node:fs/promises';
import { isErrno } from '../core/fs/durable-fs.js';

// Every impl_actual section names the logbook record it was written after (`logbook_seq` and
// `logbook_hash`). Read back, those anchors tell whether the logbook still holds that record: a
// truncated or re-forged tail no longer matches the Markdown twin written at the time.

export interface ImplActualAnchor {
  /** 1-based line of the `logbook_seq` field. */
  line: number;
  seq: number;
  /** Absent in sections written before anchors carried the hash. */
  hash?: string;
}

const SEQ = /^- \*\*logbook_seq:\*\* (\d+)\s*$/;
const HASH = /^- \*\*logbook_hash:\*\* ([0-9a-f]{64})\s*$/;

/** The anchors of every section, in file order; a missing file has none. */
export async function readImplActualAnchors(file: string): Promise<ImplActualAnchor[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
  const anchors: ImplActualAnchor[] = [];
  let current: ImplActualAnchor | undefined;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('## ')) current = undefined;
    const seq = SEQ.exec(line);
    if (seq) anchors.push((current = { line: i + 1, seq: Number(seq[1]) }));
    const hash = HASH.exec(line);
    if (hash && current) current.hash = hash[1]!;
  });
  return anchors;
}
