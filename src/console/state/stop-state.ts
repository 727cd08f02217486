import type { Conflict, RepinDecision } from '../ports/engine-port.js';

// The STOP screen's own state: which conflict is selected and which question is being asked.
// A repin is always: choose what (one handle's value, or everything a source offers) → rationale.

export type RepinSource = NonNullable<RepinDecision['fromSource']>;
const SOURCES: readonly RepinSource[] = ['terraform', 'live'];

export type StopMode =
  | { kind: 'list' }
  | { kind: 'pickValue'; handle: string }
  | { kind: 'typeValue'; handle: string }
  | { kind: 'pickSource' }
  | { kind: 'reason'; plan: Omit<RepinDecision, 'reason'>; summary: string }
  | { kind: 'abortReason' };

export interface StopState {
  mode: StopMode;
  /** Selected conflict (kept while a question is asked about it). */
  selected: number;
  /** Cursor in a choice list (offers, sources). */
  choice: number;
  problem?: string;
}

export type StopAction =
  | { type: 'mode'; mode: StopMode }
  | { type: 'move'; delta: number; length: number }
  | { type: 'edited' }
  | { type: 'problem'; problem: string };

export const initialStop: StopState = { mode: { kind: 'list' }, selected: 0, choice: 0 };

const clamp = (i: number, length: number) => Math.min(Math.max(0, i), Math.max(0, length - 1));

export function stopReducer(s: StopState, a: StopAction): StopState {
  switch (a.type) {
    case 'mode':
      return { mode: a.mode, selected: s.selected, choice: 0 };
    case 'move':
      return s.mode.kind === 'list'
        ? { ...s, selected: clamp(s.selected + a.delta, a.length) }
        : { ...s, choice: clamp(s.choice + a.delta, a.length) };
    case 'edited':
      return { ...s, problem: undefined };
    case 'problem':
      return { ...s, problem: a.problem };
  }
}

/** Sources that can be taken wholesale, with how many conflicts each would settle. */
export function sourcesOffered(conflicts: readonly Conflict[]): Array<{ source: RepinSource; count: number }> {
  return SOURCES.map((source) => ({
    source,
    count: conflicts.filter((c) => c.offers.some((o) => o.source.startsWith(`${source}:`))).length,
  })).filter((x) => x.count > 0);
}

export function describeKind(c: Conflict): string {
  switch (c.kind) {
    case 'pending_offered':
      return 'PENDING PIN, and a source offers a value';
    case 'pinned_vs_terraform':
      return 'the pin differs from the Terraform output';
    case 'pinned_vs_live':
      return 'the pin differs from what AWS shows';
    case 'same_rank':
      return 'registry documents of the same authority rank disagree';
  }
}

/** Authority of an offer as the operator should read it. */
export function describeSource(source: string, rank?: number): string {
  if (rank !== undefined) return `${source} (authority rank ${rank})`;
  if (source.startsWith('terraform:')) return `${source} (observed: Terraform output)`;
  if (source.startsWith('live:')) return `${source} (observed: live AWS)`;
  return source;
}
