import type { FileHandle } from 'node:fs/promises';

// Reading a logbook from its end, in chunks, so appends and the viewer cost O(tail) rather than
// O(file). Splitting on the 0x0A byte is safe for UTF-8: it never occurs inside a multi-byte char.

const CHUNK = 64 * 1024;
const NL = 0x0a;

export interface TailLines {
  /** Up to `count` last lines, oldest first, without their newline. */
  lines: string[];
  /** False when the file's last byte is not a newline: the last line is torn. */
  endsWithNewline: boolean;
  /** Byte size of the file when read. */
  size: number;
}

export async function readTailLines(fh: FileHandle, count: number): Promise<TailLines> {
  const { size } = await fh.stat();
  if (size === 0 || count <= 0) return { lines: [], endsWithNewline: true, size };
  const chunks: Buffer[] = [];
  let pos = size;
  let newlines = 0;
  let endsWithNewline = true;
  // Stop once count+1 newlines are in hand (the extra one bounds the oldest wanted line).
  while (pos > 0 && newlines <= count) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    const buf = Buffer.alloc(len);
    await readExactly(fh, buf, pos);
    if (pos + len === size) endsWithNewline = buf[len - 1] === NL;
    for (let i = 0; i < len; i++) if (buf[i] === NL) newlines++;
    chunks.unshift(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const parts = text.split('\n');
  if (endsWithNewline) parts.pop(); // the empty string after the final newline
  if (pos > 0) parts.shift(); // a partial line: the chunk boundary fell inside it
  return { lines: parts.slice(-count), endsWithNewline, size };
}

async function readExactly(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesRead } = await fh.read(buf, off, buf.length - off, position + off);
    if (bytesRead === 0) throw new Error('file shrank while reading its tail');
    off += bytesRead;
  }
}
