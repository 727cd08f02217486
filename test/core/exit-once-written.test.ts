import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitOnceWritten, quietOnClosedPipes } from '../../src/core/io.js';

// The CLI leaves as soon as its output is out (src/cli.ts): never before a write that is still on
// its way, never stuck on a stream that is gone.

/** A stream whose writes complete only when `release()` is called, like a slow pipe. */
function slowStream() {
  const pending: Array<() => void> = [];
  const written: string[] = [];
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, cb) {
      pending.push(() => (written.push(chunk.toString()), cb()));
    },
  });
  return { stream, written, release: () => pending.splice(0).forEach((f) => f()) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('exitOnceWritten', () => {
  it('exits with the code only once every earlier write to every stream is out', async () => {
    const out = slowStream();
    const err = slowStream();
    out.stream.write('verdict\n');
    err.stream.write('sealed GREEN\n');
    const exits: number[] = [];
    exitOnceWritten(3, [out.stream, err.stream], (c) => exits.push(c));
    await tick();
    expect(exits).toEqual([]);
    out.release();
    await tick();
    out.release(); // the empty write queued behind the verdict
    await tick();
    expect(exits).toEqual([]); // stderr still holds its line
    err.release();
    await tick();
    err.release();
    await tick();
    expect(exits).toEqual([3]);
    expect(out.written.join('')).toBe('verdict\n');
    expect(err.written.join('')).toBe('sealed GREEN\n');
  });

  it('exits at once when the streams hold nothing, and exactly once', async () => {
    const exits: number[] = [];
    exitOnceWritten(0, [new PassThrough(), new PassThrough()], (c) => exits.push(c));
    await tick();
    expect(exits).toEqual([0]);
    exitOnceWritten(2, [], (c) => exits.push(c));
    expect(exits).toEqual([0, 2]);
  });

  it('does not wait on a stream that is gone: destroyed, ended, or a closed pipe', async () => {
    const destroyed = new PassThrough();
    destroyed.destroy();
    const ended = new PassThrough();
    ended.end();
    const pipe = slowStream(); // never completes a write: it only counts as closed
    quietOnClosedPipes([pipe.stream as unknown as NodeJS.WriteStream]);
    pipe.stream.emit('error', Object.assign(new Error('EPIPE'), { code: 'EPIPE' }));
    const exits: number[] = [];
    exitOnceWritten(4, [destroyed, ended, pipe.stream], (c) => exits.push(c));
    await tick();
    expect(exits).toEqual([4]);
  });

  it('a write that fails still ends the wait', async () => {
    const failing = new Writable({ write: (_c, _e, cb) => cb(new Error('EIO')) });
    failing.on('error', () => undefined);
    const exits: number[] = [];
    exitOnceWritten(1, [failing], (c) => exits.push(c));
    await tick();
    expect(exits).toEqual([1]);
  });
});
