// Preloaded with `node --import`: records every module URL the process resolves into
// $GATEWALK_TRACE_IMPORTS, one line each, "<thread id> <url>" (hooks run on their own thread in
// Node 20, hence the file). Worker threads inherit the preload, so the sandbox emulator's thread
// (threadId > 0) traces its own loads apart from the session's (threadId 0).
import { register } from 'node:module';
import { threadId } from 'node:worker_threads';

const hook = `
import { appendFileSync } from 'node:fs';
let thread = 0;
export function initialize(data) {
  thread = data.thread;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.GATEWALK_TRACE_IMPORTS)}, thread + ' ' + result.url + '\\n');
  return result;
}`;
register('data:text/javascript,' + encodeURIComponent(hook), { data: { thread: threadId } });
