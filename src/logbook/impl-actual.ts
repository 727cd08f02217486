import { APPEND_NO_LINK } from '../core/confine.js';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, isErrno } from '../core/fs/durable-fs.js';
import { GatewalkError } from '../core/errors.js';
import { withFileLock } from '../core/fs/file-lock.js';
import { maskSecrets, maskText } from '../core/mask-secrets.js';
import { readTailLines } from './tail-lines.js';

// impl_actual is the Markdown twin of the logbook: the same decisions, for humans. Sections are
// only ever appended, under their own lock, with one write + fsync like the logbook.

export const IMPL_ACTUAL_HEADER = '# Implementation record (impl_actual)\n';

export interface ImplActualSection {
  title: string;
  /** ISO-8601 time shown in the heading. */
  ts: string;
  fields: Record<string, string>;
  body?: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Operator text as-is, minus terminal escapes, control characters and bidi overrides; secrets masked. */
export function cleanText(text: string, multiline: boolean): string {
  const kept = text.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(BIDI, '');
  return maskText(multiline ? kept : kept.replace(/[\n\t]+/g, ' ').trim());
}

/** The Markdown for one section, starting and ending with a newline. */
export function renderSection(section: ImplActualSection): string {
  const lines = [`## ${cleanText(section.ts, false)} — ${cleanText(section.title, false)}`];
  const fields = Object.entries(maskSecrets(section.fields) as Record<string, string>);
  if (fields.length) lines.push('', ...fields.map(([key, value]) => `- **${cleanText(key, false)}:** ${cleanText(String(value), false)}`));
  const body = section.body === undefined ? '' : cleanText(section.body, true).replace(/\s+$/, '');
  if (body) lines.push('', body);
  return '\n' + lines.join('\n') + '\n';
}

const SEQ_LINE = /^- \*\*logbook_seq:\*\* (\d+)$/gm;

/**
 * The logbook sequence numbers impl_actual already has a section for, in its bytes from `from` on
 * (a line's start; 0: the whole file).
 */
export async function implActualSeqs(file: string, from = 0): Promise<Set<number>> {
  const text = await readFrom(file, from);
  return new Set([...text.matchAll(SEQ_LINE)].map((m) => Number(m[1])));
}

async function readFrom(file: string, from: number): Promise<string> {
  const missing = (err: unknown) => {
    if (isErrno(err, 'ENOENT')) return '';
    throw err;
  };
  if (from === 0) return readFile(file, 'utf8').catch(missing);
  const fh = await open(file, 'r').catch(missing);
  if (typeof fh === 'string') return fh;
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.max(0, size - from));
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * What a caller already knows of impl_actual (engine/reconcile-mark.ts): every record up to `seq`
 * has its section, and any section of a later record lies at byte `from` or after.
 */
export interface ImplActualKnown {
  seq: number;
  from: number;
}

/** Append one section. */
export async function appendImplActual(file: string, section: ImplActualSection): Promise<void> {
  await appendImplActualSections(file, [{ section }]);
}

/**
 * Append sections in one write + fsync. A section with `seq` (its logbook record) is written once
 * only: the run that logged the record and a later start completing impl_actual may both try.
 */
export async function appendImplActualSections(
  file: string,
  items: ReadonlyArray<{ section: ImplActualSection; seq?: number }>,
  known?: ImplActualKnown,
): Promise<void> {
  if (!items.length) return;
  if (
    !(await stat(file).then(
      (st) => st.isFile(),
      () => false,
    ))
  )
    await createFile(file);
  await withFileLock(file, async () => {
    // A record up to known.seq has its section already; a later one's lies after known.from.
    const asked = items.filter((i) => i.seq === undefined || !known || i.seq > known.seq);
    const have = asked.some((i) => i.seq !== undefined) ? await implActualSeqs(file, known?.from ?? 0) : new Set<number>();
    const text = asked
      .filter((i) => i.seq === undefined || !have.has(i.seq))
      .map((i) => renderSection(i.section))
      .join('');
    if (!text) return;
    const fh = await open(file, APPEND_NO_LINK);
    try {
      const { size, endsWithNewline } = await readTailLines(fh, 1);
      // The header goes in with the first section; a hand edit that left no final newline is closed first.
      const prefix = size === 0 ? IMPL_ACTUAL_HEADER : endsWithNewline ? '' : '\n';
      const buf = Buffer.from(prefix + text, 'utf8');
      const { bytesWritten } = await fh.write(buf);
      if (bytesWritten !== buf.length) throw new GatewalkError(`short write to ${file}`, 'check the end of the file by hand');
      await fh.sync();
    } finally {
      await fh.close();
    }
  });
}

async function createFile(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await (await open(file, 'wx')).close();
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return;
    throw err;
  }
  await fsyncDir(path.dirname(file));
}
