// Writes schemas/*.schema.json from the loader's zod schemas (src/load/json-schema.ts), so the
// editor schemas the YAML files point at never drift from what `gatewalk validate` enforces.
// Node 20 cannot import .ts: esbuild bundles the module to a temp .mjs inside node_modules/.cache
// (there, bare imports such as `zod` still resolve) and we import that.
//   node scripts/export-schemas.mjs           write the files
//   node scripts/export-schemas.mjs --check   exit 1 if a committed file is stale
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = path.join(root, 'node_modules', '.cache', 'gatewalk-export-schemas');
const bundle = path.join(tmp, `json-schema-${process.pid}.mjs`);
mkdirSync(tmp, { recursive: true });
await build({
  entryPoints: [path.join(root, 'src/load/json-schema.ts')],
  outfile: bundle,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
let files;
try {
  files = (await import(pathToFileURL(bundle).href)).schemaFiles();
} finally {
  rmSync(bundle, { force: true });
}

const check = process.argv.includes('--check');
const stale = [];
mkdirSync(path.join(root, 'schemas'), { recursive: true });
for (const [name, text] of Object.entries(files)) {
  const file = path.join(root, 'schemas', name);
  let current;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  stale.push(`schemas/${name}`);
  if (!check) writeFileSync(file, text);
}
if (check && stale.length) {
  console.error(`stale: ${stale.join(', ')}\nrun: node scripts/export-schemas.mjs`);
  process.exit(1);
}
console.error(stale.length ? `wrote ${stale.join(', ')}` : 'schemas up to date');
