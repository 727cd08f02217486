import { sanitizeLine } from '../core/sanitize.js';
import type { HistoryEvent } from './history.js';
import { formatChange } from './result-changes.js';

// The history as text: one arc line (FAIL [M4C-B4, M4C-B1, M4C-B2] → STOP 9 conflicts → 9 repins
// → PASS), then one entry per event, consecutive repins of one decision folded together. Plain
// lines for a terminal and Markdown for a change ticket; every value from a file is sanitized.

type Repin = Extract<HistoryEvent, { kind: 'repin' }>;
/** An event, or several repins made as one decision (same source and rationale, back to back). */
export type TimelineItem =
  Exclude<HistoryEvent, Repin> | { kind: 'repins'; seq: number; ts: string; source: string; reason: string; repins: Repin[] };

/** `terraform:demo.role_ig_arn` → `terraform:demo`: one repin-all decision offers one output per handle. */
const sourceFamily = (source: string) => source.split('.')[0]!;

export function timelineItems(events: readonly HistoryEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const e of events) {
    const last = items.at(-1);
    const source = e.kind === 'repin' ? sourceFamily(e.source) : '';
    if (e.kind !== 'repin') items.push(e);
    else if (last?.kind === 'repins' && last.source === source && last.reason === e.reason) last.repins.push(e);
    else items.push({ kind: 'repins', seq: e.seq, ts: e.ts, source, reason: e.reason, repins: [e] });
  }
  return items;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A few words per item: the arc of the incident reads left to right. */
export function itemHeadline(i: TimelineItem): string {
  switch (i.kind) {
    case 'verdict':
      return i.overall_pass ? 'PASS' : `FAIL [${i.blockers.map(sanitizeLine).join(', ')}]`;
    case 'stop':
      return `STOP ${plural(i.handles.length, 'conflict')}`;
    case 'repins':
      return i.repins.length === 1 ? `repin ${sanitizeLine(i.repins[0]!.handle)}` : `${i.repins.length} repins`;
    case 'attest':
      return `ATTEST ${sanitizeLine(i.step)} ${sanitizeLine(i.status)}`;
    case 'abort':
      return 'ABORT';
    case 'interrupted':
      return 'INTERRUPTED';
    case 'other':
      return sanitizeLine(i.record).toUpperCase();
  }
}

/** What the headline leaves out: blockers' changes, the handles, the rationale and the source. */
export function itemDetails(i: TimelineItem): string[] {
  switch (i.kind) {
    case 'verdict':
      if (i.problem) return [`snapshot ${sanitizeLine(i.snapshot)}: ${sanitizeLine(i.problem)}`];
      if (i.changes === null) return [`snapshot ${sanitizeLine(i.snapshot)}${i.snapshot ? '' : '(none)'}`];
      return i.changes.length ? i.changes.map((c) => `changed ${formatChange(c)}`) : ['no result changed since the previous verdict'];
    case 'stop':
      return [i.handles.map(sanitizeLine).join(', ')];
    case 'repins':
      return [
        `"${sanitizeLine(i.reason)}" (source ${sanitizeLine(i.source)})`,
        ...i.repins.map(
          (r) =>
            `${sanitizeLine(r.handle)}: ${sanitizeLine(r.from) || 'PENDING'} → ${sanitizeLine(r.to)}${r.source === i.source ? '' : `  [${sanitizeLine(r.source)}]`}`,
        ),
      ];
    case 'attest':
      return [`"${sanitizeLine(i.note)}"`];
    case 'abort':
      return [`"${sanitizeLine(i.reason)}"`];
    default:
      return [];
  }
}

export function arcLine(items: readonly TimelineItem[]): string {
  return items.length ? items.map(itemHeadline).join(' → ') : '(nothing recorded for this phase yet)';
}

export function timelineText(phase: string, items: readonly TimelineItem[]): string {
  const lines = [`history of ${sanitizeLine(phase)}: ${arcLine(items)}`];
  for (const i of items) {
    lines.push(`  #${i.seq}  ${sanitizeLine(i.ts)}  ${itemHeadline(i)}`);
    for (const d of itemDetails(i)) lines.push(`        ${d}`);
  }
  return lines.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown fit to paste into a change ticket or the build plan. */
export function timelineMarkdown(phase: string, context: string, items: readonly TimelineItem[]): string {
  const lines = [
    `### ${cell(sanitizeLine(phase))} — history`,
    '',
    `${cell(context)}`,
    '',
    `**${cell(arcLine(items))}**`,
    '',
    '| # | when (UTC) | event | details |',
    '|---|---|---|---|',
  ];
  for (const i of items)
    lines.push(`| ${i.seq} | ${cell(sanitizeLine(i.ts))} | ${cell(itemHeadline(i))} | ${itemDetails(i).map(cell).join('<br>')} |`);
  return lines.join('\n') + '\n';
}
