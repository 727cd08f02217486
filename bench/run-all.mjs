// `npm run bench`: every benchmark in this folder, one after another.
import { readdirSync } from 'node:fs';

for (const f of readdirSync(new URL('.', import.meta.url))
  .filter((f) => /^[a-z0-9-]+\.mjs$/.test(f) && !['lib.mjs', 'run-all.mjs'].includes(f) && !f.startsWith('gen-'))
  .sort()) {
  console.log(`\n== ${f}`);
  await import(new URL(f, import.meta.url).href);
}
