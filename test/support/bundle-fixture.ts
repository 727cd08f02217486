import { build } from 'esbuild';

/**
 * Bundles a TypeScript fixture into one ES module a child process can run (Node 20 cannot run
 * TypeScript itself); `require` is provided for the CommonJS dependencies bundled in.
 */
export async function bundleFixture(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}
