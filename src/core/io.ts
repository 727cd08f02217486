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

/** What ending the process needs of a stream: to write, or to be gone already. */
type Flushable = Pick<NodeJS.WritableStream, 'write'> & { destroyed?: boolean; writable?: boolean };

/**
 * Ends the process with `code` once everything written to `streams` is out (stdout and stderr can
 * be asynchronous: pipes on macOS). A finished command has nothing left to do, and Node's own wind-down
 * after the last callback (closing handles, running the exit of every worker, disposing the heap) cost
 * a headless run ~10–15 ms measured side by side (bench/headless-m4c.mjs); so the CLI leaves
 * at once. A stream already gone (a closed pipe) has nothing to wait for; a write that fails still
 * ends the wait.
 */
export function exitOnceWritten(
  code: number,
  streams: Flushable[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  let waiting = streams.length + 1;
  const written = () => {
    if (--waiting === 0) exit(code);
  };
  for (const stream of streams) {
    if (stream.destroyed || stream.writable === false || closed.has(stream as NodeJS.WriteStream)) written();
    // Callbacks come in the order of the writes: this one runs once every earlier write is out.
    else stream.write('', () => written());
  }
  written();
}

export const processIo: Io = {
  out: (t) => write(process.stdout, t),
  err: (t) => write(process.stderr, t),
};
