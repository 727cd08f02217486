import type { Conflict, PlannedRepin, RepinDecision } from '../ports/engine-port.js';

// The STOP screen's own state: which question is being asked. Every choice is a menu; a repin is
// always: choose what (one handle's value, or everything a source offers) → see it → rationale.

export type RepinSource = NonNullable<RepinDecision['fromSource']>;
const SOURCES: readonly RepinSource[] = ['terraform', 'live'];

export type StopMode =
  | { kind: 'decide' }
  | { kind: 'pickHandle' }
  | { kind: 'pickValue'; handle: string }
  | { kind: 'typeValue'; handle: string }
  | { kind: 'pickSource' }
  | { kind: 'preview'; source: RepinSource }
  | { kind: 'reason'; plan: Omit<RepinDecision, 'reason'>; summary: string }
  | { kind: 'abortReason' }
  | { kind: 'confirmAbort'; reason: string };

export interface StopState {
  mode: StopMode;
  /** The conflict the questions are about (highlighted in the handle menu). */
  selected: number;
  /** First row shown of a scrolled list (the repin-all preview). */
  scroll: number;
  problem?: string;
}

export type StopAction =
  | { type: 'mode'; mode: StopMode }
  | { type: 'select'; index: number }
  | { type: 'scroll'; delta: number; length: number; rows: number }
  | { type: 'problem'; problem: string | undefined };

export const initialStop: StopState = { mode: { kind: 'decide' }, selected: 0, scroll: 0 };

const clamp = (i: number, length: number) => Math.min(Math.max(0, i), Math.max(0, length - 1));

export function stopReducer(s: StopState, a: StopAction): StopState {
  switch (a.type) {
    case 'mode': // a new question starts clean: the last one's problem does not follow it
      return { mode: a.mode, selected: s.selected, scroll: 0 };
    case 'select':
      return { ...s, selected: a.index };
    case 'scroll': // `rows` entries fit: stop when the last one is in view
      return { ...s, scroll: clamp(s.scroll + a.delta, Math.max(1, a.length - a.rows + 1)) };
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

/** Every value "repin all from `source`" will write, before anything is written. */
export function repinsFromSource(conflicts: readonly Conflict[], source: RepinSource): PlannedRepin[] {
  return conflicts.flatMap((c) => {
    const offer = c.offers.find((o) => o.source.startsWith(`${source}:`));
    return offer ? [{ handle: c.handle, value: offer.value, from: c.pinned ?? 'PENDING', source: offer.source, conflict: c.kind }] : [];
  });
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
