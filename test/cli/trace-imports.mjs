// Preloaded with `node --import`: records every module URL the process resolves into
// $GATEWALK_TRACE_IMPORTS (hooks run on their own thread in Node 20, hence the file).
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.GATEWALK_TRACE_IMPORTS)}, result.url + '\\n');
  return result;
}`;
register('data:text/javascript,' + encodeURIComponent(hook));
