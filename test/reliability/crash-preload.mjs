// `node --import ./crash-preload.mjs …`: SIGKILL this process right after its Nth file operation
// (GATEWALK_CRASH_AT=N), as a power cut would stop it between two writes. Counted: fs/promises
// rename, mkdir, writeFile, rm, chmod, open, and FileHandle write, writeFile, chmod, sync.
// GATEWALK_CRASH_COUNT=FILE writes how many were made (for a run that was not killed) at exit.
// GATEWALK_CRASH_SIGNAL=SIGINT sends that signal instead (an operator's Ctrl-C at that moment).
// Only the session's thread is counted: worker threads inherit the preload, and the sandbox
// emulator's thread (the stand-in for AWS, not a writer of evidence) would make the count depend
// on how two threads interleave.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const at = Number(process.env.GATEWALK_CRASH_AT ?? 0);
const countFile = process.env.GATEWALK_CRASH_COUNT;
const trace = process.env.GATEWALK_CRASH_TRACE === '1';
const signal = process.env.GATEWALK_CRASH_SIGNAL ?? 'SIGKILL';
let count = 0;

function tick(what, arg) {
  count += 1;
  if (trace) process.stderr.write(`[op ${count}] ${what} ${typeof arg === 'string' ? arg : ''}\n`);
  if (count === at) process.kill(process.pid, signal);
}

function wrap(target, name, label) {
  const original = target[name];
  target[name] = async function (...args) {
    const result = await original.apply(this, args);
    tick(label, args[0]);
    return result;
  };
}

if (isMainThread) await instrument();

async function instrument() {
  const probe = await fs.promises.open(process.execPath, 'r'); // before wrapping: not the program's
  const FileHandle = Object.getPrototypeOf(probe);
  await probe.close();
  for (const name of ['rename', 'mkdir', 'writeFile', 'rm', 'chmod', 'open']) wrap(fs.promises, name, name);
  for (const name of ['write', 'writeFile', 'chmod', 'sync']) wrap(FileHandle, name, `fh.${name}`);
  syncBuiltinESMExports();

  if (countFile) process.on('exit', () => fs.writeFileSync(countFile, String(count)));
}
