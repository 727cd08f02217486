import { setMaxListeners } from 'node:events';
import { GatewalkError, ExitCode } from '../core/errors.js';
import type { AnyGate } from '../gates/gate.js';
import { loadGates } from '../gates/loaders.js';
import type { LoadedProgram } from '../load/load-program.js';
import type { Phase } from '../core/runbook-schema.js';
import { readLogbookTail } from '../logbook/logbook.js';
import type { LogbookHead } from '../logbook/record.js';
import type { Attestation, Clock, GateContext, TerraformOutputs } from '../core/context.js';
import type { CheckResult, Observation, Substrate } from '../core/types.js';
import { abortEntry, attestEntry, interruptedEntry } from './decision-records.js';
import { StopDecision } from './stop-decision.js';
import { applyRepins } from './apply-repins.js';
import { reconcile } from './reconcile.js';
import { rootRelativeOf, sealPhase, type Sealed } from './seal-phase.js';
import { detectLiveConflicts, type Conflict } from './conflicts.js';
import { preflightConflicts } from './preflight-conflicts.js';
import { planRepins, repinValueProblem, type PlannedRepin, type RepinDecision } from './decisions.js';
import { callerIdentity, isVerified, unverifiedActor, type OperatorIdentity } from '../gates/caller-identity.js';
import { mapLimit } from '../core/pool.js';
import { Recorder } from './recorder.js';
import { checkRequires } from './requires.js';
import { prefetchChecks, runCheck } from './run-check.js';
import { buildVerdict, type Verdict } from './verdict.js';
import type { Workspace } from '../core/workspace.js';
import type { PhaseRunOptions } from './phase-run-options.js';

export type { PhaseRunOptions } from './phase-run-options.js';

/**
 * One run of one phase: preflight (requires, conflicts), decisions (repin, attest), steps, verdict,
 * seal. The TUI drives it step by step; the headless runner calls the same methods in order.
 */
export class PhaseRun {
  readonly results = new Map<string, CheckResult[]>();
  readonly attestations = new Map<string, Attestation>();
  private observations = new Map<string, Observation[]>();
  private terraform: TerraformOutputs = {};
  private memo = new Map<string, Promise<unknown>>();
  private startedAt: Date;
  private requires: Array<{ phase: string; verdict: string }> = [];
  readonly recorder: Recorder;
  private readonly stops: StopDecision;
  private who: OperatorIdentity = { error: 'not asked yet' };
  private asked: Promise<OperatorIdentity> = Promise.resolve(this.who);

  private constructor(
    private opts: PhaseRunOptions,
    public phase: Phase,
  ) {
    // Every in-flight AWS call listens on the run's signal (as many as the clients let run at
    // once); that is by design, not the leak Node's default limit of 10 warns about.
    setMaxListeners(16 + (opts.clients.concurrency ?? 64), opts.signal);
    this.startedAt = opts.clock.now();
    // Until STS vouches for someone, records carry the local name labelled unverified (law 8, issue 8.6).
    this.recorder = new Recorder(opts.workspace, opts.clock, unverifiedActor());
    this.stops = new StopDecision(phase.id, this.recorder, opts.workspace.logbookPath);
  }

  /** The gate kinds this phase's checks use (set by `open`). */
  private get gates(): ReadonlyMap<string, AnyGate> {
    return this.opts.gates!;
  }

  /** Who runs this (STS), once it has answered; `{ error }` before that or if it could not say. */
  get operator(): OperatorIdentity {
    return this.who;
  }

  /** Waits for the run's one GetCallerIdentity (started by `open`, alongside the first step). */
  identity(): Promise<OperatorIdentity> {
    return this.asked;
  }

  get program(): LoadedProgram {
    return this.opts.program;
  }
  get substrate(): Substrate {
    return this.opts.workspace.substrate;
  }

  /** Refuses a phase whose requires are not green; reads Terraform outputs; finds conflicts. */
  static async open(opts: PhaseRunOptions): Promise<PhaseRun> {
    const phase = opts.program.runbook.doc.phases.find((p) => p.id === opts.phaseId);
    if (!phase) {
      const ids = opts.program.runbook.doc.phases.map((p) => p.id).join(', ');
      throw new GatewalkError(`no phase ${opts.phaseId} in ${opts.program.runbook.path}`, `phases are: ${ids}`);
    }
    // Fail before any check runs if decisions could not be recorded: a verdict must never be
    // sealed without its logbook record.
    await readLogbookTail(opts.workspace.logbookPath, 1);
    // Only the gate kinds this phase's checks use are loaded (and build their parameter schemas).
    opts.gates ??= await loadGates(phase.steps.flatMap((s) => s.checks.map((c) => c.gate)));
    const run = new PhaseRun(opts, phase);
    // Every start completes what a crash left half-done, before anything is read or decided.
    if ((await reconcile(opts.workspace, run.recorder)).registryChanged) opts.program = await opts.reload();
    if (!opts.recheck) run.requires = await checkRequires(opts.program.runbook.doc, phase, opts.workspace);
    // Asked now, waited for only by what needs it (a record's actor, the verdict), so the round
    // trip overlaps the preflight and the first step instead of preceding them.
    const fallback = run.recorder.actor as string; // unverified:<login>, never $USER
    // A phase without AWS checks (documents, attestations) never waits for AWS: no client, no STS.
    const who = run.usesAws()
      ? callerIdentity(opts.clients, run.memo, opts.signal)
      : Promise.resolve<OperatorIdentity>({ error: 'not asked: this phase has no AWS checks' });
    run.asked = who.then((w) => (run.who = isVerified(w) ? w : { ...w, unverified_actor: fallback }));
    run.recorder.actor = run.asked.then((who) => ('arn' in who ? who.arn : fallback));
    opts.reporter({ type: 'phase.started', phase: phase.id, title: phase.title, substrate: run.substrate });
    await run.refreshConflicts();
    for (const d of opts.program.authorityDecisions.filter((a) => run.phaseHandles.includes(a.handle))) {
      opts.reporter({
        type: 'authority.resolved',
        handle: d.handle,
        winner: d.winner.doc,
        loser: d.loser.doc,
        value: d.winner.value ?? 'PENDING',
      });
      if (!opts.recheck) await run.recorder.record({ kind: 'authority.resolved', data: { phase: phase.id, ...d } });
    }
    return run;
  }

  get phaseHandles(): string[] {
    return this.opts.program.phaseHandles[this.phase.id] ?? [];
  }

  private async refreshConflicts() {
    ({ terraform: this.terraform, conflicts: this.stops.open } = await preflightConflicts(
      this.opts.program,
      this.opts.workspace.terraformPaths,
      this.phase.id,
    ));
    if (this.stops.open.length) this.opts.reporter({ type: 'conflict', phase: this.phase.id, conflicts: this.conflicts });
  }

  /** Applies the operator's decision: edits the registry, records each repin, reloads, re-detects. */
  async decide(decision: RepinDecision): Promise<{ planned: PlannedRepin[]; unresolved: Conflict[] }> {
    const { planned, unresolved } = planRepins(this.opts.program.resolved, this.stops.open, decision);
    if (!planned.length) return { planned, unresolved };
    await applyRepins({
      phase: this.phase.id,
      planned,
      reason: decision.reason,
      registryPath: this.opts.workspace.registryPath,
      registrySha256: this.opts.program.registry.sha256,
      registryName: this.rel(this.opts.workspace.registryPath),
      recorder: this.recorder,
      reporter: this.opts.reporter,
    });
    this.opts.program = await this.opts.reload();
    await this.refreshConflicts();
    return { planned, unresolved: this.conflicts };
  }

  /** Why `value` cannot be pinned on `handle` (undefined when it can): asked as the operator types it. */
  repinValueProblem(handle: string, value: string): string | undefined {
    return repinValueProblem(this.opts.program.resolved, handle, value);
  }

  /** Values the checks saw live that contradict the pins (they block the verdict as GW-CONFLICT). */
  get liveConflicts(): Conflict[] {
    return [...this.stops.live];
  }

  /** The conflicts this run stands STOPped on now (law 4); the faces show them, never recompute them. */
  get conflicts(): Conflict[] {
    return [...this.stops.open];
  }

  /**
   * The STOP, decided here and nowhere else: while conflicts are open (preflight ones not repinned),
   * the STOP is recorded and they are returned; [] means the run goes on.
   */
  stopIfConflicted(): Promise<Conflict[]> {
    return this.stops.stopIfConflicted();
  }

  /**
   * Values the checks saw live contradict the pins: the run STOPs on them (recorded) and they become
   * its open conflicts, to repin or abort. A seal does this itself; a face may do it earlier.
   */
  stopOnLiveConflicts(): Promise<Conflict[]> {
    return this.stops.stopOnLive();
  }

  async abort(reason: string): Promise<void> {
    await this.recorder.record(abortEntry(this.phase.id, reason));
  }

  /** An interruption before a run could be opened (its program, requires or identity not read yet). */
  static async recordInterrupted(workspace: Workspace, clock: Clock, phaseId: string): Promise<void> {
    await new Recorder(workspace, clock, process.env.USER ?? 'operator').record(interruptedEntry(phaseId, []));
  }

  /** Records the interruption; `sealed`: the verdict that was sealed before it took effect. */
  async interrupted(sealed?: string): Promise<void> {
    await this.recorder.record(interruptedEntry(this.phase.id, [...this.results.keys()], sealed));
  }

  async attest(stepId: string, a: Attestation): Promise<void> {
    const step = this.phase.steps.find((s) => s.id === stepId);
    if (!step?.checks.some((c) => c.gate === 'attest')) {
      throw new GatewalkError(
        `step ${stepId} of ${this.phase.id} has no attestation`,
        `attestable steps: ${this.attestableSteps().join(', ') || 'none'}`,
      );
    }
    this.attestations.set(stepId, a);
    await this.recorder.record(attestEntry(this.phase.id, stepId, a));
  }

  attestableSteps(): string[] {
    return this.phase.steps.filter((s) => s.checks.some((c) => c.gate === 'attest')).map((s) => s.id);
  }

  /** Runs (or reruns) one step; its previous results are replaced. */
  async runStep(stepId: string): Promise<CheckResult[]> {
    const step = this.phase.steps.find((s) => s.id === stepId)!;
    const { reporter } = this.opts;
    reporter({ type: 'step.started', phase: this.phase.id, step: step.id, title: step.title });
    // Steps of one pass share lookups (GetRole once per role); a rerun asks AWS again.
    if (this.results.has(step.id)) this.memo = new Map([...this.memo].filter(([k]) => k.startsWith('sts.')));
    const ctx = this.context(step.id);
    const gates = this.gates;
    // The step's checks share one question per principal / parameter batch.
    prefetchChecks(gates, [step], () => ctx);
    const runs = await mapLimit(step.checks, this.opts.concurrency ?? 4, async (check) => {
      reporter({ type: 'check.started', phase: this.phase.id, step: step.id, check: check.id, gate: check.gate });
      const run = await runCheck(gates, ctx, step.id, check);
      reporter({ type: 'check.finished', phase: this.phase.id, step: step.id, check: check.id, gate: check.gate, results: run.results });
      return run;
    });
    const results = runs.flatMap((r) => r.results);
    this.results.set(step.id, results);
    this.observations.set(
      step.id,
      runs.flatMap((r) => r.observations),
    );
    this.stops.live = detectLiveConflicts(this.opts.program.resolved, [...this.observations.values()].flat());
    return results;
  }

  async runAll(): Promise<void> {
    await this.runSteps(this.phase.steps);
  }

  /** Runs these steps in order; every AWS question among them is asked up front, so round trips overlap. */
  private async runSteps(steps: readonly Phase['steps'][number][]): Promise<void> {
    prefetchChecks(this.gates, steps, (id) => this.context(id));
    for (const step of steps) {
      if (this.opts.signal.aborted) return;
      await this.runStep(step.id);
    }
  }

  private context(stepId: string): GateContext {
    const a = this.attestations.get(stepId);
    return {
      substrate: this.substrate,
      clients: this.opts.clients,
      registry: this.opts.program.resolved,
      terraform: this.terraform,
      evidenceRoot: this.opts.workspace.evidenceRoot,
      documentsRoot: this.opts.workspace.documentsRoot,
      clock: this.opts.clock,
      signal: this.opts.signal,
      phaseHandles: this.phaseHandles,
      memo: this.memo,
      ...(a ? { attestation: a } : {}),
    };
  }

  /** Any check of this phase may call AWS (a gate not saying `aws: false` counts): then only a verified caller identity can seal it green. */
  usesAws(): boolean {
    return this.phase.steps.some((s) => s.checks.some((c) => this.gates.get(c.gate)?.aws !== false));
  }

  verdict(previous: string | null, logbookHead: LogbookHead): Verdict {
    const p = this.opts.program;
    return buildVerdict({
      program: p,
      phase: this.phase,
      substrate: this.substrate,
      operator: this.operator,
      version: this.opts.version,
      requires: this.requires,
      startedAt: this.startedAt,
      finishedAt: this.opts.clock.now(),
      results: this.phase.steps.flatMap((s) => this.results.get(s.id) ?? []),
      liveConflicts: this.stops.live,
      previous,
      logbookHead,
      identityRequired: this.usesAws(),
    });
  }

  /** Records name files root-relative, as verdicts do: the same on every machine, no home folder in them. */
  private rel(file: string): string {
    return rootRelativeOf(this.opts.program, file);
  }

  /**
   * Seals the verdict (see sealPhase). Every step not run in this pass runs first, so the verdict
   * records what each check found, whichever face drives the run (never "check was not run" for a
   * check that could have run). Live conflicts still open then STOP the run, recorded: `stopped`.
   * Refuses after an interrupt; once begun, a seal completes.
   */
  async seal(): Promise<Sealed & { stopped: Conflict[] }> {
    await this.runSteps(this.phase.steps.filter((s) => !this.results.has(s.id)));
    if (this.opts.signal.aborted) throw new GatewalkError('interrupted: no verdict sealed', undefined, ExitCode.interrupted);
    const { program, workspace, clock, reporter } = this.opts;
    const sealed = await sealPhase({
      program,
      phase: this.phase,
      workspace,
      clock,
      reporter,
      recorder: this.recorder,
      identity: () => this.identity(),
      verdictFor: (previous, head) => this.verdict(previous, head),
    });
    return { ...sealed, stopped: await this.stopOnLiveConflicts() };
  }
}
