import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { GatewalkError } from '../core/errors.js';
import type { CliArgs } from './args.js';
import { registryText, runbookText, type ScaffoldFile } from './init/scaffold.js';
import { sandboxFiles } from './init/sandbox-scaffold.js';
import type { Io } from '../core/io.js';
import { packageRoot, schemaLocation, schemaRefFor } from './package-files.js';

// `gatewalk init`: start a program in the current folder (or --root). Writes only new files: if
// any target exists, it names them and writes nothing (exit 2).

const NAME = /^[a-z0-9_]+$/;
const SCHEMA_LINE = /^(# yaml-language-server: \$schema=)\S*?([\w.-]+\.schema\.json)\s*$/m;

export async function initCommand(args: CliArgs, io: Io): Promise<number> {
  if (args.command.length > 1)
    throw new GatewalkError(`usage: gatewalk init [--env NAME] [--program ID] | --example NAME`, 'e.g. gatewalk init --env staging');
  const root = args.root;
  const schemas = schemaLocation(root);
  const ref = (file: string, fromDir: string) => schemaRefFor(root, schemas.dir, file, fromDir);
  const files = args.example ? await exampleFiles(args.example, ref) : scaffoldFiles(args, ref);
  if (schemas.copy) files.push(...(await schemaCopies(root)));

  const taken = files.filter((f) => existsSync(path.join(root, f.path))).map((f) => f.path);
  if (taken.length) {
    throw new GatewalkError(
      `init writes only new files; already there: ${taken.join(', ')} (in ${root})`,
      'move them aside, or init with another --env / --program',
    );
  }
  for (const f of files) {
    const abs = path.join(root, f.path);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, f.text, { flag: 'wx' }); // exclusive: never replaces a file created meanwhile
  }
  io.out(`created in ${root}:\n${files.map((f) => `  ${f.path}`).join('\n')}`);
  io.err('next: gatewalk validate · gatewalk --sandbox (the embedded AWS emulator) · add .gatewalk/ to .gitignore');
  return 0;
}

function scaffoldFiles(args: CliArgs, schemaRef: (file: string, fromDir: string) => string): ScaffoldFile[] {
  const env = args.env || 'dev';
  const program = args.program ?? `${env}_program`;
  if (!NAME.test(env)) throw new GatewalkError(`--env ${env}: use lower-case letters, digits and _`);
  if (!NAME.test(program)) throw new GatewalkError(`--program ${program}: use lower-case letters, digits and _`);
  const region = args.region ?? 'eu-west-2';
  const o = { env, program, region, schemaRef };
  return [
    { path: `registry/${env}.yaml`, text: registryText(o) },
    { path: `runbooks/${program}.yaml`, text: runbookText(o) },
    ...sandboxFiles(env, region),
  ];
}

/** The shipped program for env `name`: its registry, runbook(s) and sandbox scenario. */
async function exampleFiles(name: string, schemaRef: (file: string, fromDir: string) => string): Promise<ScaffoldFile[]> {
  const pkg = packageRoot();
  const examples = (await readdir(path.join(pkg, 'registry'))).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
  if (!examples.includes(name)) throw new GatewalkError(`no example "${name}"`, `examples: ${examples.join(', ')}`);
  const withSchema = (text: string, dir: string) =>
    text.replace(SCHEMA_LINE, (_, head: string, file: string) => head + schemaRef(file, dir));
  const files: ScaffoldFile[] = [
    { path: `registry/${name}.yaml`, text: withSchema(await readFile(path.join(pkg, 'registry', `${name}.yaml`), 'utf8'), 'registry') },
  ];
  for (const f of (await readdir(path.join(pkg, 'runbooks'))).filter((n) => n.endsWith('.yaml')).sort()) {
    const text = await readFile(path.join(pkg, 'runbooks', f), 'utf8');
    if (parseDocument(text).get('env') === name) files.push({ path: `runbooks/${f}`, text: withSchema(text, 'runbooks') });
  }
  for (const f of await readdir(path.join(pkg, 'sandbox', name), { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const abs = path.join(f.parentPath, f.name);
    files.push({ path: path.relative(pkg, abs).split(path.sep).join('/'), text: await readFile(abs, 'utf8') });
  }
  return files;
}

/** Copies of the package's schemas for a root the package is not installed in; existing ones are kept. */
async function schemaCopies(root: string): Promise<ScaffoldFile[]> {
  const dir = path.join(packageRoot(), 'schemas');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.schema.json')).sort();
  const missing = names.filter((n) => !existsSync(path.join(root, 'schemas', n)));
  return Promise.all(missing.map(async (n) => ({ path: `schemas/${n}`, text: await readFile(path.join(dir, n), 'utf8') })));
}
