import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COMMANDS, FLAGS } from '../../src/cli/flags.js';

// Issue 7.7 / 7.11: the engine and every floor below it never spell a CLI flag or a gatewalk
// command line in what they say: the CLI would print it without the flags in effect, and the
// console would show a flag it has no use for. They build advice (core/advice.ts: cmd(), input())
// and each face spells it. Checked on every string literal and template part (comments aside).

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
/** The fallback spelling of advice (Error.message), the one place allowed to spell it below the faces. */
const ALLOWED = new Set(['core/advice.ts']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const FLAG_TEXT = new RegExp(`--(?:${Object.keys(FLAGS).map(escape).join('|')})(?![\\w-])`);
export const COMMAND_TEXT = new RegExp(
  `\\bgatewalk (?:${Object.keys(COMMANDS)
    .filter((c) => c !== 'console')
    .map(escape)
    .join('|')}|--help)(?![\\w-])`,
);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

/** Every string literal and template part of a source text, with its line. */
export function literals(file: string, text: string): Array<{ line: number; text: string }> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent) && !ts.isExternalModuleReference(node.parent))
        out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

export function faceWords(root: string, folders: readonly string[]): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of sources(path.join(root, folder))) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (ALLOWED.has(rel)) continue;
      for (const l of literals(file, readFileSync(file, 'utf8'))) {
        const hit = FLAG_TEXT.exec(l.text)?.[0] ?? COMMAND_TEXT.exec(l.text)?.[0];
        if (hit) found.push(`src/${rel}:${l.line}: "${hit}" in ${JSON.stringify(l.text.slice(0, 80))}`);
      }
    }
  }
  return found;
}

describe('words only a face may spell', () => {
  // Floors 0–5 of docs/architecture.md (test/architecture/import-rules.test.ts keeps the floors).
  const below = ['core', 'substrate', 'gates', 'load', 'evidence', 'logbook', 'registry', 'engine'];

  it('the engine and the floors below it name no CLI flag and no gatewalk command line in any string', () => {
    expect(faceWords(SRC, below)).toEqual([]);
  });

  it('the check finds what it looks for (a flag, a command line), and not a word that only looks like one', () => {
    const hits = (src: string) => literals('x.ts', src).filter((l) => FLAG_TEXT.test(l.text) || COMMAND_TEXT.test(l.text));
    expect(hits('throw new E(`--repin ${h}: no such handle`);')).toHaveLength(1);
    expect(hits("const hint = 'close M1 green first (gatewalk run M1)';")).toHaveLength(1);
    expect(hits('const h = `run \\`gatewalk sandbox reset\\``;')).toHaveLength(1);
    expect(hits("// comments may say gatewalk run M1 --sandbox\nconst x = 'the gatewalk sandbox stores metadata only';")).toEqual([]);
    expect(hits("const y = 'a --repinned value'; const z = 'gatewalk process 12';")).toEqual([]);
  });
});
