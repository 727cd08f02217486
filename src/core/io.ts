import { sanitizeText } from './sanitize.js';

/** Results to stdout, progress and errors to stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

// A reader that goes away (`gatewalk validate | head -1`) closes the pipe: the rest of the output
// has nowhere to go, which is not an error of the command. Writes to a closed pipe are dropped and
// the command ends with its own exit code, without a stack trace.
const closed = new WeakSet<NodeJS.WriteStream>();

/** What reaches the terminal: every text is sanitized here, whoever built it (no escape reaches it). */
function write(stream: NodeJS.WriteStream, t: string): void {
  if (closed.has(stream) || stream.destroyed) return;
  const s = sanitizeText(t);
  stream.write(s.endsWith('\n') ? s : s + '\n');
}

/** Once per process: a broken pipe on stdout/stderr silences that stream instead of crashing. */
export function quietOnClosedPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed.add(stream);
    });
  }
}

export const processIo: Io = {
  out: (t) => write(process.stdout, t),
  err: (t) => write(process.stderr, t),
};
