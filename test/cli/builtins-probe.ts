import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A `--require` preload, written into `dir`, that makes a run write the list of Node's own modules
 * its main thread compiled to a file at exit. `file` is the preload (for `--require`), `env` the
 * NODE_OPTIONS that load it, `read()` the list (`NativeModule …` entries) of the last run.
 */
export async function builtinsProbe(dir: string): Promise<{ file: string; env: Record<string, string>; read: () => Promise<string[]> }> {
  const report = path.join(dir, 'builtins.txt');
  const file = path.join(dir, 'builtins.cjs');
  await writeFile(
    file,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, process.moduleLoadList.join('\\n')));\n`,
  );
  return {
    file,
    env: { NODE_OPTIONS: `--require ${file}` },
    read: async () => (await readFile(report, 'utf8')).split('\n').filter((m) => m.startsWith('NativeModule ')),
  };
}
