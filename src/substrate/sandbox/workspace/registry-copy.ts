import { mkdir, readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { advice, cmd, input, type Said } from '../../../core/advice.js';
import { GatewalkError } from '../../../core/errors.js';
import { isErrno, replaceFileAtomic } from '../../../core/fs/durable-fs.js';
import { parseJsonText } from '../../../core/fs/read-file.js';
import { sha256Hex } from '../../../core/hash.js';
import { sanitizeLine } from '../../../core/sanitize.js';
import type { SandboxWorkspacePaths } from './workspace-paths.js';

// The sandbox runs on its own copy of registry/<env>.yaml, made at `sandbox reset` (repins made in
// a sandbox session land in the copy, never in the operator's file). Later edits of the root
// registry do not reach that copy by themselves, so the copy records the SHA-256 of the bytes it
// was made from; when registry/<env>.yaml no longer has them, every command says so (never a
// silent mismatch), and runs refuse until `sandbox sync-registry` or `sandbox reset`.

// Made on first use: this module rides in the chunk every command loads, and `validate` off the
// sandbox reads no record (zod's chunk is ~5 ms to load and build).
let recordSchema: Promise<ReturnType<typeof makeRecordSchema>> | undefined;
function makeRecordSchema(z: typeof import('../../../core/zod-mini.js')) {
  return z.strictObject({ source: z.string(), sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)), copied_at: z.string() });
}
const RecordSchema = () => (recordSchema ??= import('../../../core/zod-mini.js').then(makeRecordSchema));

export interface RegistryCopyStatus {
  env: string;
  /** Root-relative: registry/<env>.yaml, and the sandbox's copy of it. */
  source: string;
  copy: string;
  /** The copy was made from the bytes registry/<env>.yaml holds now. */
  current: boolean;
  /** When not current: the root file changed since the copy, is gone, or the copy predates the record. */
  why?: 'changed' | 'source-missing' | 'unrecorded';
  copied_at?: string;
  /** SHA-256 of the bytes the copy was made from, and of the root file now. */
  copied_sha256?: string;
  source_sha256?: string;
}

async function bytesIfExists(file: string): Promise<Buffer | undefined> {
  return readFile(file).catch((err) => {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  });
}

/** Copies registry/<env>.yaml into the workspace (`at` maps a workspace path into a staging folder) and records its SHA-256. */
export async function copyRegistry(paths: SandboxWorkspacePaths, at: (p: string) => string = (p) => p): Promise<void> {
  const bytes = await bytesIfExists(paths.sourceRegistry);
  if (!bytes) {
    throw new GatewalkError(
      `${paths.sourceRegistry} does not exist`,
      advice`run it from the project root, or pass ${input('env')} for an env that has a registry`,
    );
  }
  await mkdir(dirname(at(paths.registry)), { recursive: true });
  await replaceFileAtomic(at(paths.registry), bytes);
  const record = { source: relative(paths.root, paths.sourceRegistry), sha256: sha256Hex(bytes), copied_at: new Date().toISOString() };
  await replaceFileAtomic(at(paths.registryRecord), `${JSON.stringify(record, null, 2)}\n`);
}

/** Whether the sandbox's registry copy was made from what registry/<env>.yaml holds now. */
export async function registryCopyStatus(paths: SandboxWorkspacePaths): Promise<RegistryCopyStatus> {
  const { root } = paths;
  const names = { env: paths.env, source: relative(root, paths.sourceRegistry), copy: relative(root, paths.registry) };
  const [source, recordText] = await Promise.all([bytesIfExists(paths.sourceRegistry), bytesIfExists(paths.registryRecord)]);
  const shown = relative(root, paths.registryRecord);
  const parsed = recordText === undefined ? undefined : (await RecordSchema()).safeParse(parseJsonText(recordText.toString('utf8'), shown, RESET));
  if (parsed && !parsed.success) throw new GatewalkError(`${shown}: not a registry copy record (${parsed.error.issues[0]?.message})`, RESET);
  const record = parsed?.data;
  const recorded = record ? { copied_at: record.copied_at, copied_sha256: record.sha256 } : {};
  if (!source) return { ...names, current: false, why: 'source-missing', ...recorded };
  const source_sha256 = sha256Hex(source);
  if (record) return { ...names, ...recorded, source_sha256, current: record.sha256 === source_sha256, ...(record.sha256 === source_sha256 ? {} : { why: 'changed' }) };
  // A workspace made before copies were recorded: current only if the copy is still byte-identical.
  const copy = await bytesIfExists(paths.registry);
  const same = copy !== undefined && sha256Hex(copy) === source_sha256;
  return { ...names, source_sha256, current: same, ...(same ? {} : { why: 'unrecorded' }) };
}

const RESET = advice`\`${cmd('sandbox', 'reset')}\` rebuilds the sandbox workspace`;

/**
 * What to say when the copy is not current: the one text the CLI and the console show. Names the
 * commands that fix it, without flags (each face knows its own).
 */
export function registryCopyProblem(s: RegistryCopyStatus): { message: string; hint: Said } | undefined {
  if (s.current) return undefined;
  const copy = sanitizeLine(s.copy);
  const source = sanitizeLine(s.source);
  const since = s.copied_at ? ` (copied ${sanitizeLine(s.copied_at)})` : '';
  const message =
    s.why === 'source-missing'
      ? `${source} no longer exists; the sandbox still uses its old copy ${copy}${since}`
      : s.why === 'unrecorded'
        ? `${source} differs from the sandbox's copy ${copy}, made before gatewalk recorded which version it copied; the sandbox still uses that copy`
        : `${source} changed since the sandbox copied it${since}; the sandbox still uses the old copy ${copy}`;
  const hint =
    s.why === 'source-missing'
      ? `restore ${source}; the sandbox cannot run without it`
      : advice`\`${cmd('sandbox', 'sync-registry')}\` takes the new file into the sandbox and keeps its account state (applied changes, evidence, logbook; repins made in the sandbox are replaced); \`${cmd('sandbox', 'reset')}\` starts the sandbox over`;
  return { message, hint };
}

/** Refuses (exit 2) when the copy is not current: a run would check other values than the file says. */
export function refuseStaleRegistry(s: RegistryCopyStatus): void {
  const problem = registryCopyProblem(s);
  if (problem) throw new GatewalkError(problem.message, problem.hint);
}
