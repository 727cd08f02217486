import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/core/json-text.js';
import { main } from '../../src/main.js';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';

// Items 7 and 8 of issue 8: nothing from a file, AWS or the command line reaches the terminal raw,
// whether it is a title, a value, an error message or a usage message; --json escapes it.

const PAYLOAD = [
  '\x1b]52;c;ZXZpbA==\x07', // OSC 52: write the clipboard
  '\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\', // OSC 8 hyperlink
  '\x1b[2J', // clear the screen
  '\x07', // BEL
  '\x9b31m\x9d0;t\x9c\x85', // C1: CSI, OSC, ST, NEL
  '\u202eevil\u202c\u2066\u2069', // bidi overrides
  '\x7f',
].join('');
const EVIL = `EVIL${PAYLOAD}TAIL`;

const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectClean(text: string, marker = 'EVIL'): void {
  expect(text).toContain(marker); // the message is shown, only its escapes are not
  expect(RAW.exec(text)?.[0].codePointAt(0)?.toString(16)).toBeUndefined();
}

const M0 = ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'];

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

describe('terminal output is sanitized', () => {
  it('status prints a hostile runbook title without its escapes', async () => {
    const root = await tempProgramRoot();
    await edit(path.join(root, 'runbooks/dev_min_spine_green_v0.yaml'), 'title: dev_min Spine Green v0', `title: ${JSON.stringify(EVIL)}`);
    const r = await gatewalk(root, ['status', '--sandbox']);
    expect(r.code, r.stderr).toBe(0);
    expectClean(r.stdout);
  });

  it('a hostile phase title is escaped in --json and stripped from the progress lines', async () => {
    const root = await tempProgramRoot();
    await edit(
      path.join(root, 'runbooks/dev_min_spine_green_v0.yaml'),
      'title: Mobilization + Authority Lock (doc-only)',
      `title: ${JSON.stringify(EVIL)}`,
    );
    const r = await gatewalk(root, [...M0, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expectClean(r.stderr);
    expectClean(r.stdout);
    expect(JSON.parse(r.stdout).phase_title).toBe(EVIL); // escaped, not lost
    for (const esc of ['\\u001b', '\\u009b', '\\u0085', '\\u202e', '\\u2066', '\\u007f']) expect(r.stdout).toContain(esc);
  });

  it('CLI arguments quoted in errors and usage messages are sanitized', async () => {
    const root = await tempProgramRoot();
    for (const args of [
      ['run', `M9${EVIL}`, '--sandbox'],
      ['status', '--env', `x${EVIL}`, '--sandbox'],
      [`cmd${EVIL}`],
      ['status', `--no-such${EVIL}`],
    ]) {
      const r = await gatewalk(root, args);
      expect(r.code, r.stderr).toBe(2);
      expectClean(r.stderr);
    }
  });

  it('Terraform output names and registry values in errors are sanitized', async () => {
    const root = await tempProgramRoot();
    expect((await gatewalk(root, ['sandbox', 'reset', '--env', 'dev_min'])).code).toBe(0);
    const outputs = path.join(root, '.gatewalk/sandbox/dev_min/terraform/core/outputs.json');
    await mkdir(path.dirname(outputs), { recursive: true });
    await writeFile(outputs, JSON.stringify({ [`role${EVIL}`]: { type: 'string' } }));
    const tf = await gatewalk(root, M0);
    expect(tf.code, tf.stderr).toBe(2);
    expectClean(tf.stderr);

    await edit(path.join(root, 'registry/dev_min.yaml'), 'value: "111122223333"', `value: ${JSON.stringify(EVIL)}`);
    await edit(path.join(root, 'registry/dev_min.yaml'), 'ROLE_APP_RUNTIME:', `${JSON.stringify(`ROLE${EVIL}`)}:`);
    const reg = await gatewalk(root, ['validate']);
    expect(reg.code, reg.stderr).toBe(2);
    expectClean(reg.stderr);
  });

  it('the top-level error printer sanitizes whatever Io it writes to', async () => {
    const lines: string[] = [];
    const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };
    expect(await main(['frobnicate' + EVIL, '--env', 'dev_min'], io)).toBe(2);
    expectClean(lines.join('\n'));
  });
});

describe('--json escapes every character outside printable text', () => {
  it('escapes C0, C1, DEL, bidi, line separators and format characters as \\uXXXX, and round-trips', () => {
    const value = { s: `a${PAYLOAD}\u2028\u2029\u200b\u{e0001}\u{f0000}é😀`, n: [1, null, true] };
    const text = jsonText(value);
    expect(RAW.test(text.replace(/\n/g, ''))).toBe(false);
    expect(text).not.toMatch(/[\u2028\u2029\u200b]|\u{e0001}|\u{f0000}/u);
    expect(text).toContain('é😀'); // printable text stays readable
    expect(JSON.parse(text)).toEqual(value);
  });
});
