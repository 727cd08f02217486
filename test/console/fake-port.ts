import type { VerifyResult } from '../../src/logbook/index.js';
import type { TimelineItem } from '../../src/engine/history-text.js';
import type { Reporter } from '../../src/engine/reporter.js';
import type { Phase } from '../../src/core/runbook-schema.js';
import type {
  Attestation,
  Conflict,
  ConsolePort,
  LogbookView,
  PhaseStatus,
  RecheckOutcome,
  RepinDecision,
  RunPort,
  Verdict,
} from '../../src/console/ports/engine-port.js';
import { GatewalkError } from '../../src/core/errors.js';
import type { CheckResult, CheckStatus } from '../../src/core/types.js';

// A scripted engine for screen tests: no AWS, no files. Records every call the console makes.

export function phase(id: string, steps: Array<{ id: string; checks: string[]; attest?: boolean }>, requires: string[] = []): Phase {
  return {
    id,
    title: `${id} title`,
    requires,
    evidence_dir: id.toLowerCase().replace(/\W/g, '_'),
    snapshot: 'snap.json',
    steps: steps.map((s) => ({
      id: s.id,
      title: `${s.id} title`,
      guidance: `Guidance for ${s.id}.`,
      checks: [
        ...s.checks.map((c) => ({ id: c, gate: 'fake.gate', params: {} })),
        ...(s.attest ? [{ id: `${s.id}-attest`, gate: 'attest', params: { prompt: `attest ${s.id}` } }] : []),
      ],
    })),
  };
}

export const result = (step: string, id: string, resource: string, status: CheckStatus, reason = `${status} reason`): CheckResult => ({
  id,
  step,
  gate: 'fake.gate',
  resource,
  status,
  reason,
  duration_ms: 1,
});

export interface Script {
  /** Results of each run of a step (attempt 0, 1, …); the last entry repeats. */
  results: Record<string, CheckResult[][]>;
  conflicts?: Conflict[];
  /** Pins contradicted by what the checks saw (set after every step run). */
  liveConflicts?: Conflict[];
  /** When set, checks wait for this promise (or the abort signal). */
  hold?: Promise<void>;
  /** Key figures the sealed verdict carries (the runbook's declared figures). */
  keyFigures?: Record<string, string | number | boolean | null>;
  /** A docs-only phase: sealed in logbook record 7, no snapshot. */
  inLogbook?: true;
}

export class FakeRun implements RunPort {
  conflicts: Conflict[];
  liveConflicts: Conflict[] = [];
  readonly results = new Map<string, CheckResult[]>();
  readonly operator = { arn: 'arn:aws:sts::111122223333:assumed-role/operator/me', account: '111122223333', user_id: 'X' };
  calls: string[] = [];
  private attempts = new Map<string, number>();

  constructor(
    readonly phase: Phase,
    private script: Script,
    private reporter: Reporter,
    private signal: AbortSignal,
  ) {
    this.conflicts = [...(script.conflicts ?? [])];
  }
  async decide(d: RepinDecision) {
    this.calls.push(`decide ${d.fromSource ?? d.repins.map((r) => `${r.handle}=${r.value}`).join(',')}: ${d.reason}`);
    const planned = this.conflicts.map((c) => ({
      handle: c.handle,
      value: c.offers[0]!.value,
      from: c.pinned ?? 'PENDING',
      source: c.offers[0]!.source,
    }));
    this.conflicts = [];
    return { planned, unresolved: [] };
  }
  async stopIfConflicted() {
    if (!this.conflicts.length) return [];
    this.calls.push('stop');
    return [...this.conflicts];
  }
  async stopOnLiveConflicts() {
    if (!this.liveConflicts.length) return [];
    this.conflicts = [...this.liveConflicts];
    return this.stopIfConflicted();
  }
  /** The scripted rule: every handle here holds an ARN. */
  repinValueProblem(_handle: string, value: string) {
    return value.startsWith('arn:') ? undefined : `malformed iam_role: expected an ARN, got "${value}"`;
  }
  async abort(reason: string) {
    this.calls.push(`abort: ${reason}`);
  }
  async interrupted() {
    this.calls.push('interrupted');
  }
  async attest(stepId: string, a: Attestation) {
    this.calls.push(`attest ${stepId} ${a.status}: ${a.note}`);
  }
  attestableSteps() {
    return this.phase.steps.filter((s) => s.checks.some((c) => c.gate === 'attest')).map((s) => s.id);
  }
  async runStep(stepId: string): Promise<CheckResult[]> {
    this.calls.push(`run ${stepId}`);
    const n = this.attempts.get(stepId) ?? 0;
    this.attempts.set(stepId, n + 1);
    const runs = this.script.results[stepId] ?? [[]];
    const results = runs[Math.min(n, runs.length - 1)]!;
    this.reporter({ type: 'step.started', phase: this.phase.id, step: stepId, title: stepId });
    const ids = [...new Set(results.map((r) => r.id))];
    for (const id of ids) this.reporter({ type: 'check.started', phase: this.phase.id, step: stepId, check: id, gate: 'fake.gate' });
    if (this.script.hold)
      await Promise.race([this.script.hold, new Promise((r) => this.signal.addEventListener('abort', r, { once: true }))]);
    const out = this.signal.aborted ? results.map((r) => ({ ...r, status: 'error' as const, reason: 'aborted' })) : results;
    for (const id of ids)
      this.reporter({
        type: 'check.finished',
        phase: this.phase.id,
        step: stepId,
        check: id,
        gate: 'fake.gate',
        results: out.filter((r) => r.id === id),
      });
    this.results.set(stepId, out);
    this.liveConflicts = [...(this.script.liveConflicts ?? [])];
    return out;
  }
  /** As the engine: every step not run yet runs first; live conflicts left STOP after the seal. */
  async seal(): Promise<{ verdict: Verdict; path: string; stopped: Conflict[]; inLogbook?: true }> {
    for (const s of this.phase.steps) if (!this.results.has(s.id) && !this.signal.aborted) await this.runStep(s.id);
    this.calls.push('seal');
    if (this.signal.aborted) throw new GatewalkError('interrupted: no verdict sealed');
    const checks = this.phase.steps.flatMap((s) => this.results.get(s.id) ?? []);
    const blockers = checks
      .filter((c) => c.status === 'fail' || c.status === 'error')
      .map((c) => ({ code: 'B-1', message: `${c.resource}: ${c.reason}`, check: c.id }));
    const verdict = {
      overall_pass: blockers.length === 0,
      verdict: blockers.length ? 'HOLD' : 'PASS',
      blockers,
      checks,
      ...(this.script.keyFigures ? { key_figures: this.script.keyFigures } : {}),
    } as unknown as Verdict;
    if (this.script.inLogbook) return { verdict, path: '/ws/logbook.jsonl#7', inLogbook: true, stopped: await this.stopOnLiveConflicts() };
    const path = `/evidence/${this.phase.evidence_dir}/stamp/snap.json`;
    return { verdict, path, stopped: await this.stopOnLiveConflicts() };
  }
}

export interface FakePort extends ConsolePort {
  runs: FakeRun[];
  logbookView?: LogbookView;
  /** What verifyChain answers (a promise the test may hold back). */
  chain?: Promise<VerifyResult>;
  historyItems?: TimelineItem[];
  recheckOutcome?: RecheckOutcome;
  rechecks: number;
}

export function fakePort(phases: Phase[], scripts: Record<string, Script>, statuses?: PhaseStatus[], fresh: Conflict[] = []): FakePort {
  const port: FakePort = {
    runs: [],
    rechecks: 0,
    info: () => ({ env: 'dev_min', substrate: 'sandbox', region: 'eu-west-2', program: 'Fake program' }),
    identity: async () => ({ arn: 'arn:aws:sts::111122223333:assumed-role/operator/me', account: '111122223333', user_id: 'X' }),
    phaseStatuses: async () =>
      statuses ??
      phases.map((p, i) => ({
        phase: p,
        state: i === 0 ? 'ready' : 'locked',
        waitingFor: i === 0 ? [] : [phases[i - 1]!.id],
        notGreenAncestors: phases.slice(0, i).map((q) => q.id),
        tamper: [],
      })),
    sealedResults: async () => [],
    freshConflicts: async () => fresh,
    async openRun(phaseId: string, reporter: Reporter, signal: AbortSignal) {
      const p = phases.find((x) => x.id === phaseId)!;
      const run = new FakeRun(p, scripts[phaseId] ?? { results: {} }, reporter, signal);
      port.runs.push(run);
      return run;
    },
    recheck: async () => {
      port.rechecks += 1;
      return (
        port.recheckOutcome ?? {
          phases: [],
          skipped: [],
          drifted: [],
          record: { seq: 1, ts: '', prev_hash: '', hash: '', kind: 'recheck', substrate: 'sandbox', env: 'dev_min', actor: 'x', data: {} },
        }
      );
    },
    logbook: async () => port.logbookView ?? { path: '/lb.jsonl', records: [] },
    verifyChain: () => port.chain ?? Promise.resolve({ ok: true, records: 0 }),
    history: async () => port.historyItems ?? [],
  };
  return port;
}
