// Preloaded with `node --import`: records every module the process loads into
// $GATEWALK_TRACE_IMPORTS, one line each, "<thread id> <url>": ES modules as their resolve hook sees
// them (hooks run on their own thread in Node 20, hence the file), CommonJS files (dist/ is CommonJS,
// scripts/build.mjs) and the Node modules they require as require resolves them. Worker threads
// inherit the preload, so the sandbox emulator's thread (threadId > 0) traces its own loads apart
// from the session's (threadId 0).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

const file = process.env.GATEWALK_TRACE_IMPORTS;
const hook = `
import { appendFileSync } from 'node:fs';
let thread = 0;
export function initialize(data) {
  thread = data.thread;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(file)}, thread + ' ' + result.url + '\\n');
  return result;
}`;
register('data:text/javascript,' + encodeURIComponent(hook), { data: { thread: threadId } });

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const resolved = resolveFilename.call(this, request, ...rest);
  const url = path.isAbsolute(resolved) ? pathToFileURL(resolved).href : resolved.startsWith('node:') ? resolved : `node:${resolved}`;
  appendFileSync(file, `${threadId} ${url}\n`);
  return resolved;
};
const load = Module._load;
Module._load = function (request, ...rest) {
  // Node's own modules (`node:fs`) are answered before any resolving: traced here.
  if (typeof request === 'string' && request.startsWith('node:')) appendFileSync(file, `${threadId} ${request}\n`);
  return load.call(this, request, ...rest);
};
