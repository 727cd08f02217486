import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { appendImplActual, appendImplActualSections, IMPL_ACTUAL_HEADER, implActualSeqs } from '../../src/logbook/impl-actual.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeTmp();
  file = path.join(dir, 'docs', 'platform.impl_actual.md');
});
afterEach(async () => {
  await removeTmp(dir);
});

it('creates the file with its header once, then appends readable sections', async () => {
  await appendImplActual(file, {
    title: 'REPIN ROLE_IG (M4.C)',
    ts: '2026-02-13T21:42:23Z',
    fields: { handle: 'ROLE_IG', from: 'PENDING' },
    body: 'Rationale: terraform materialized the lane roles.',
  });
  await appendImplActual(file, { title: 'VERDICT M4.C: GREEN', ts: '2026-02-13T21:45:00Z', fields: { blockers: '[]' } });
  expect(await readFile(file, 'utf8')).toBe(
    [
      IMPL_ACTUAL_HEADER,
      '## 2026-02-13T21:42:23Z — REPIN ROLE_IG (M4.C)',
      '',
      '- **handle:** ROLE_IG',
      '- **from:** PENDING',
      '',
      'Rationale: terraform materialized the lane roles.',
      '',
      '## 2026-02-13T21:45:00Z — VERDICT M4.C: GREEN',
      '',
      '- **blockers:** []',
      '',
    ].join('\n'),
  );
});

it('strips control characters and escapes from operator text but keeps its words and lines', async () => {
  await appendImplActual(file, {
    title: 'ABORT\u001b[31m now\u0007',
    ts: '2026-02-13T21:42:23Z',
    fields: { note: 'line one\nline two\u0000' },
    body: 'first\r\nsecond \u202Egnp.exe\u0008',
  });
  const text = await readFile(file, 'utf8');
  expect(text).toContain('## 2026-02-13T21:42:23Z — ABORT now\n');
  expect(text).toContain('- **note:** line one line two\n');
  expect(text).toContain('first\nsecond gnp.exe\n');
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
});

it('masks secrets in operator text', async () => {
  await appendImplActual(file, { title: 'note', ts: 't', fields: { password: 'hunter2' }, body: 'used password=hunter2' });
  expect(await readFile(file, 'utf8')).not.toContain('hunter2');
});

it('parallel appends each land whole, header once', async () => {
  await Promise.all(
    Array.from({ length: 12 }, (_, i) => appendImplActual(file, { title: `S${i}`, ts: 't', fields: { i: String(i) }, body: `body ${i}` })),
  );
  const text = await readFile(file, 'utf8');
  expect(text.split(IMPL_ACTUAL_HEADER)).toHaveLength(2);
  for (let i = 0; i < 12; i++) expect(text).toContain(`## t — S${i}\n\n- **i:** ${i}\n\nbody ${i}\n`);
});

it('keeps a hand-edited file without a final newline intact', async () => {
  const hand = path.join(dir, 'hand.md');
  await writeFile(hand, '# My own header\nnotes');
  await appendImplActual(hand, { title: 'T', ts: 't', fields: {} });
  expect(await readFile(hand, 'utf8')).toBe('# My own header\nnotes\n\n## t — T\n');
});

// Each cleaning rule on its own (the mutation run of the `recovery` scope left them standing): a
// heading and a field are one line whatever the operator typed, a body keeps its lines whatever
// their ending, and only a line that is a section's own `logbook_seq` field counts as one.
it('a heading and a field value are one line; runs of newlines and tabs become one space; a body keeps lone CR as a line break and loses trailing blank lines', async () => {
  await appendImplActual(file, {
    title: 'ABORT\n\n M4.C',
    ts: '2026-02-13T21:42:23Z',
    fields: { 'why\nnot': 'a\n\n\tb' },
    body: 'first\rsecond\r\nthird  \n\n \n',
  });
  const text = await readFile(file, 'utf8');
  expect(text).toContain('## 2026-02-13T21:42:23Z — ABORT  M4.C\n');
  expect(text).toContain('- **why not:** a b\n');
  expect(text.endsWith('first\nsecond\nthird\n')).toBe(true);
});

it('counts a logbook_seq only where a section states it, on a line of its own', async () => {
  await appendImplActualSections(file, [
    {
      section: {
        title: 'attest',
        ts: 't',
        fields: {},
        body: 'see - **logbook_seq:** 99 above\n- **logbook_seq:** 98x\nsee - **logbook_seq:** 97',
      },
      seq: 5,
    },
    { section: { title: 'attest', ts: 't', fields: { logbook_seq: '6' } } },
  ]);
  expect(await implActualSeqs(file)).toEqual(new Set([6]));
});
