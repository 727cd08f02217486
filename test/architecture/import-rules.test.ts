import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The house of folders (docs/architecture.md): each top-level folder of src/ sits on a floor and
// may import only from its own folder or from lower floors. Checked on every relative import,
// static or dynamic, in every source file; Ink/React only in the console and its screens.

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

/** Floor of each top-level folder (entry files src/cli.ts and src/main.ts sit above everything). */
export const FLOORS: Record<string, number> = {
  core: 0,
  substrate: 1,
  gates: 2,
  load: 3,
  evidence: 4,
  logbook: 4,
  registry: 4,
  engine: 5,
  session: 6,
  cli: 7,
  console: 7,
  screens: 7,
  '(entry)': 8,
};

/** Declared ports: the only imports that cross between folders of the same floor. */
export const PORTS: ReadonlyArray<[from: string, to: string]> = [
  // The CLI hands an interactive session over to the console (loaded on demand).
  ['cli/tui-command.ts', 'console/start-tui.tsx'],
  // The console's screens and its frame are one face, split only to name what each file holds.
  ['console/', 'screens/'],
  ['screens/', 'console/'],
];

const UI_PACKAGES = /^(ink|react|react\/.*|ink-.*|@inkjs\/.*)$/;
const UI_FOLDERS = new Set(['console', 'screens']);
/** AWS SDK values come only through the client port's per-service chunks (timeouts, abort, sandbox routing, lazy loading). */
const SDK_PACKAGE = /^@aws-sdk\/client-/;
const SDK_PORT = path.join('substrate', 'aws-sdk') + path.sep;

export interface ImportEdge {
  from: string;
  to: string;
  spec: string;
  /** `import type …` / `typeof import(…)`: erased at build time, loads nothing. */
  typeOnly?: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

/** Every import of every file under `root`, as root-relative paths (packages keep their name). */
export function importEdges(root: string = SRC): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPEC)) {
      const spec = m[2]!;
      const to = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '') : spec;
      const before = text.slice(0, m.index);
      const statement = before.slice(before.lastIndexOf(';') + 1);
      const typeOnly = /\bimport\s+type\b/.test(statement) || /\btypeof\s*$/.test(before);
      edges.push({ from: path.relative(root, file), to, spec, ...(typeOnly ? { typeOnly } : {}) });
    }
  }
  return edges;
}

const folderOf = (rel: string) => (rel.includes(path.sep) ? rel.split(path.sep)[0]! : '(entry)');

/** Why an import breaks the house rules, or undefined when it keeps them. */
export function ruleBroken(edge: ImportEdge): string | undefined {
  const from = folderOf(edge.from);
  if (!edge.spec.startsWith('.')) {
    if (UI_PACKAGES.test(edge.spec) && !UI_FOLDERS.has(from))
      return `${edge.from} imports ${edge.spec}: only the console may import Ink/React`;
    if (SDK_PACKAGE.test(edge.spec) && !edge.typeOnly && !edge.from.startsWith(SDK_PORT))
      return `${edge.from} imports ${edge.spec}: AWS SDK values come from src/substrate/aws-sdk/<service>.ts only`;
    return undefined;
  }
  if (edge.to.startsWith('..')) return undefined; // package.json for the version
  const to = folderOf(edge.to);
  if (from === to) return undefined;
  const [ff, ft] = [FLOORS[from], FLOORS[to]];
  if (ff === undefined || ft === undefined)
    return `${edge.from} → ${edge.to}: folder not on any floor (add it to FLOORS and docs/architecture.md)`;
  if (PORTS.some(([a, b]) => edge.from.startsWith(a) && (edge.to + '.').startsWith(b.replace(/\.tsx?$/, '')))) return undefined;
  if (ft > ff) return `${edge.from} (floor ${ff}, ${from}) imports ${edge.to} (floor ${ft}, ${to}): upward`;
  if (ft === ff) return `${edge.from} imports ${edge.to}: across folders on floor ${ff} without a declared port`;
  return undefined;
}

describe('import rules', () => {
  const edges = importEdges();

  it('sees the whole tree (the scan itself works)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from.startsWith('engine') && e.to.startsWith('core'))).toBe(true);
  });

  it('no folder imports a higher floor or a neighbour without a declared port', () => {
    expect(edges.map(ruleBroken).filter(Boolean)).toEqual([]);
  });

  it('the rules catch what they forbid', () => {
    expect(ruleBroken({ from: 'core/types.ts', to: 'engine/verdict', spec: '../engine/verdict.js' })).toMatch(/upward/);
    expect(ruleBroken({ from: 'gates/x.ts', to: 'engine/context', spec: '../engine/context.js' })).toMatch(/upward/);
    expect(ruleBroken({ from: 'logbook/x.ts', to: 'evidence/durable-fs', spec: '../evidence/durable-fs.js' })).toMatch(/across folders/);
    expect(ruleBroken({ from: 'engine/x.ts', to: 'ink', spec: 'ink' })).toMatch(/only the console/);
    expect(ruleBroken({ from: 'engine/x.ts', to: 'console/theme/theme', spec: '../console/theme/theme.js' })).toMatch(/upward/);
    expect(ruleBroken({ from: 'console/App.tsx', to: 'engine/verdict', spec: '../engine/verdict.js' })).toBeUndefined();
    const sdk = '@aws-sdk/client-budgets';
    expect(ruleBroken({ from: path.join('gates', 'budgets-envelope.ts'), to: sdk, spec: sdk })).toMatch(/substrate\/aws-sdk/);
    expect(ruleBroken({ from: path.join('gates', 'budgets-envelope.ts'), to: sdk, spec: sdk, typeOnly: true })).toBeUndefined();
    expect(ruleBroken({ from: path.join('substrate', 'aws-sdk', 'budgets.ts'), to: sdk, spec: sdk })).toBeUndefined();
  });

  it('tells type-only SDK imports from value imports', () => {
    const sdk = importEdges().filter((e) => e.spec.startsWith('@aws-sdk/client-'));
    expect(sdk.find((e) => e.from === path.join('core', 'context.ts'))?.typeOnly).toBe(true);
    expect(sdk.filter((e) => !e.typeOnly).every((e) => e.from.startsWith(SDK_PORT))).toBe(true);
    expect(sdk.filter((e) => !e.typeOnly).length).toBeGreaterThan(8);
  });
});
