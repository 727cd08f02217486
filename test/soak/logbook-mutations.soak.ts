import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { appendLogbook, verifyLogbook } from '../../src/logbook/index.js';
import { rng, SEED } from './random.js';

// 1,000 mutations of a real logbook, each on a fresh copy, through `logbook verify`'s check. Every
// change inside the chain must be caught (at its line); changes at the tail are counted and
// printed: a plain hash chain cannot see a clean truncation (the anchors of issue 8 item 5 do).

const MUTATIONS = Number(process.env.SOAK_LOGBOOK ?? 1000);
const RECORDS = 40;

type Kind = 'mid' | 'tail';
const MUTATORS: Record<string, { kind: Kind; apply(lines: string[], r: ReturnType<typeof rng>): string[] }> = {
  flipByteInRecord: {
    kind: 'mid',
    apply: (lines, r) => {
      const i = r.int(lines.length);
      const line = lines[i]!;
      const j = r.int(line.length);
      const c = String.fromCharCode(((line.charCodeAt(j) + 1 + r.int(90)) % 95) + 32);
      return lines.map((l, k) => (k === i ? l.slice(0, j) + (c === l[j] ? (c === 'a' ? 'b' : 'a') : c) + l.slice(j + 1) : l));
    },
  },
  deleteInnerRecord: {
    kind: 'mid',
    apply: (lines, r) => {
      const i = r.int(lines.length - 1); // never the last: that is a tail change
      return lines.filter((_, k) => k !== i);
    },
  },
  swapRecords: {
    kind: 'mid',
    apply: (lines, r) => {
      const i = r.int(lines.length - 1);
      const out = [...lines];
      [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
      return out;
    },
  },
  duplicateRecord: {
    kind: 'mid',
    apply: (lines, r) => {
      const i = r.int(lines.length);
      return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
    },
  },
  editValueKeepJson: {
    kind: 'mid',
    apply: (lines, r) => {
      const i = r.int(lines.length);
      const rec = JSON.parse(lines[i]!) as Record<string, unknown>;
      rec.actor = `mallory${r.int(100)}`;
      return lines.map((l, k) => (k === i ? JSON.stringify(rec) : l));
    },
  },
  truncateMidLine: {
    kind: 'tail',
    apply: (lines, r) => {
      const last = lines.at(-1)!;
      return [...lines.slice(0, -1), last.slice(0, 1 + r.int(last.length - 1))];
    },
  },
  dropLastRecords: { kind: 'tail', apply: (lines, r) => lines.slice(0, lines.length - 1 - r.int(5)) },
};

it(`${MUTATIONS} logbook mutations: every change inside the chain is caught`, async () => {
  const r = rng(SEED);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-logbook-soak-'));
  const original = path.join(dir, 'original.jsonl');
  const clock = { now: () => new Date('2026-03-01T10:00:00Z') };
  for (let i = 0; i < RECORDS; i++) {
    await appendLogbook(
      original,
      {
        kind: r.pick(['attest', 'repin', 'verdict.sealed', 'conflict.stop']),
        substrate: 'sandbox',
        env: 'soak',
        actor: 'op',
        data: { i, note: `record ${i}` },
      },
      clock,
    );
  }
  expect(await verifyLogbook(original)).toEqual({ ok: true, records: RECORDS });
  const lines = readFileSync(original, 'utf8').split('\n').filter(Boolean);
  const caught: Record<Kind, [number, number]> = { mid: [0, 0], tail: [0, 0] };
  const missed: string[] = [];
  const file = path.join(dir, 'mutated.jsonl');
  for (let i = 0; i < MUTATIONS; i++) {
    const name = r.pick(Object.keys(MUTATORS));
    const m = MUTATORS[name]!;
    copyFileSync(original, file);
    const mutated = m.apply(lines, r);
    const torn = name === 'truncateMidLine';
    writeFileSync(file, mutated.join('\n') + (torn ? '' : '\n'));
    const result = await verifyLogbook(file);
    caught[m.kind][1]++;
    if (!result.ok) caught[m.kind][0]++;
    else if (m.kind === 'mid') missed.push(`#${i} ${name}`);
  }
  console.log(
    `[soak] logbook mutations (seed ${SEED}): ${MUTATIONS} on a ${RECORDS}-record logbook — inside the chain ${caught.mid[0]} of ${caught.mid[1]} caught; ` +
      `at the tail ${caught.tail[0]} of ${caught.tail[1]} caught by the chain alone (torn lines always; a clean drop of the last records needs the head anchors)`,
  );
  expect(missed).toEqual([]);
});
