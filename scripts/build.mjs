// Bundles src/cli.ts into dist/ with esbuild. Heavy or licence-separated dependencies stay
// external and are imported lazily at run time: the AWS SDK (only when a check runs),
// @cloud-copilot/iam-simulate (AGPL-3.0, only by the sandbox; never bundled into gatewalk),
// and the TUI chunk (Ink/React) only for interactive sessions.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { gatewalk: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  jsx: 'automatic',
  // Production React (no dev-only reconciler checks) and minified chunks: startup is parse-bound.
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
  legalComments: 'linked',
  // react-devtools-core: Ink imports it only when DEV=true; it is not installed.
  external: ['@aws-sdk/*', '@smithy/*', '@cloud-copilot/*', 'proper-lockfile', 'react-devtools-core'],
  banner: { js: "import { createRequire as __gwCreateRequire } from 'node:module'; const require = __gwCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
// Which sources ended up in which chunk: tests use it to prove headless runs never load Ink/React.
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
