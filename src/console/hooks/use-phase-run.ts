import { useCallback, useMemo, useReducer, useRef } from 'react';
import type { Reporter } from '../../engine/reporter.js';
import type { Attestation, ConsolePort, RepinDecision, RunPort } from '../ports/engine-port.js';
import { describeError } from '../ports/describe-error.js';
import { consoleFace } from '../ports/console-face.js';
import { initialRunState, runReducer, type RunState } from '../state/run-state.js';

// Owns the one PhaseRun of the console, its AbortController (a fresh one per run) and every
// engine call in flight, so that Ctrl-C can cancel, wait for writes to finish, and record it.

export interface PhaseController {
  state: RunState;
  open(phaseId: string): Promise<'stop' | 'phase' | 'failed'>;
  runStep(stepId: string): Promise<void>;
  /** Before a rerun: how many conflicts would a fresh preflight STOP on? undefined if it failed. */
  freshConflicts(): Promise<number | undefined>;
  notice(text: string): void;
  /** Why a typed value cannot be pinned on the handle (undefined: it can, or no run is open). */
  checkValue(handle: string, value: string): string | undefined;
  attest(stepId: string, a: Attestation): Promise<boolean>;
  decide(decision: RepinDecision): Promise<boolean>;
  abort(reason: string): Promise<boolean>;
  seal(): Promise<boolean>;
  /** Live observations contradicted pins: STOP on them like on preflight conflicts (recorded). */
  stopForLiveConflicts(): Promise<boolean>;
  /** Leaves the run; records it as interrupted when it has unsealed work. */
  close(recordInterrupt: boolean): Promise<void>;
  /** Cancels what is in flight, waits for it, records the interrupt; true when a run was open. */
  interrupt(): Promise<boolean>;
}

export function usePhaseRun(port: ConsolePort): PhaseController {
  const [state, dispatch] = useReducer(runReducer, initialRunState);
  const run = useRef<RunPort | undefined>(undefined);
  const controller = useRef(new AbortController());
  const inflight = useRef(new Set<Promise<unknown>>());
  const interrupted = useRef(false);

  const reporter: Reporter = useCallback((event) => dispatch({ type: 'engine', event, at: Date.now() }), []);
  // App renders the face's provider below this hook, so the hook builds the same face from the port.
  const face = useMemo(() => consoleFace(port.shellCommand?.bind(port)), [port]);

  /** Runs one engine call; false when it failed (the error is shown) or the console is interrupting. */
  const track = useCallback(
    async <T>(label: string, call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
      if (interrupted.current) return { ok: false };
      dispatch({ type: 'busy', label });
      const p = call();
      inflight.current.add(p);
      try {
        return { ok: true, value: await p };
      } catch (err) {
        if (!interrupted.current) dispatch({ type: 'error', message: describeError(err, face) });
        return { ok: false };
      } finally {
        inflight.current.delete(p);
      }
    },
    [face],
  );

  const api = useMemo(
    (): Omit<PhaseController, 'state'> => ({
      async open(phaseId) {
        run.current = undefined;
        controller.current = new AbortController();
        dispatch({ type: 'opening', phase: phaseId });
        const r = await track(`opening ${phaseId}: asking STS who you are, reading Terraform outputs, looking for conflicts`, async () => {
          const opened = await port.openRun(phaseId, reporter, controller.current.signal);
          const sealedPrevious = await port.sealedResults(phaseId);
          const conflicts = await opened.stopIfConflicted(); // the engine decides and records the STOP (law 4)
          return { opened, sealedPrevious, conflicts };
        });
        if (!r.ok) return 'failed';
        if (interrupted.current) {
          await r.value.opened.interrupted().catch(() => {}); // Ctrl-C arrived during the preflight
          return 'failed';
        }
        run.current = r.value.opened;
        const { conflicts } = r.value;
        const { phase, operator } = r.value.opened;
        dispatch({ type: 'opened', phase, operator, conflicts, sealedPrevious: r.value.sealedPrevious });
        return conflicts.length ? 'stop' : 'phase';
      },
      async runStep(stepId) {
        const current = run.current;
        if (!current) return;
        const r = await track(`running ${stepId}`, () => current.runStep(stepId));
        if (r.ok && !interrupted.current)
          dispatch({ type: 'stepDone', step: stepId, results: r.value, liveConflicts: [...current.liveConflicts] });
      },
      async freshConflicts() {
        const phaseId = run.current?.phase.id;
        if (!phaseId) return undefined;
        const r = await track('re-reading Terraform outputs and the registry', () => port.freshConflicts(phaseId));
        if (r.ok) dispatch({ type: 'idle' });
        return r.ok ? r.value.length : undefined;
      },
      notice: (text) => dispatch({ type: 'notice', text }),
      checkValue: (handle, value) => run.current?.repinValueProblem(handle, value),
      async attest(stepId, a) {
        const current = run.current;
        const r = current ? await track(`recording attestation for ${stepId}`, () => current.attest(stepId, a)) : { ok: false as const };
        if (r.ok) dispatch({ type: 'attested', step: stepId, attestation: a });
        return r.ok;
      },
      async decide(decision) {
        const current = run.current;
        const r = current
          ? await track('applying repin: editing the registry, logbook and impl_actual', () => current.decide(decision))
          : { ok: false as const };
        if (r.ok && current) dispatch({ type: 'decided', planned: r.value.planned, conflicts: [...current.conflicts] });
        return r.ok;
      },
      async abort(reason) {
        const current = run.current;
        const r = current ? await track('recording abort', () => current.abort(reason)) : { ok: false as const };
        if (r.ok) {
          run.current = undefined;
          dispatch({ type: 'closed' });
        }
        return r.ok;
      },
      async seal() {
        const current = run.current;
        // The engine runs the steps not run yet before it seals, so the verdict is the headless one.
        const r = current
          ? await track('running the steps not run yet, then sealing the verdict', () => current.seal())
          : { ok: false as const };
        if (!r.ok || !current) return false;
        dispatch({ type: 'sealed', ...r.value, results: Object.fromEntries(current.results) });
        return true;
      },
      async stopForLiveConflicts() {
        const current = run.current;
        if (!current?.liveConflicts.length) return false;
        const r = await track('recording STOP', () => current.stopOnLiveConflicts());
        if (r.ok) dispatch({ type: 'stopped', conflicts: r.value });
        return r.ok;
      },
      async close(recordInterrupt) {
        const current = run.current;
        if (current && recordInterrupt) await track('recording that the run was left unsealed', () => current.interrupted());
        run.current = undefined;
        dispatch({ type: 'closed' });
      },
      async interrupt() {
        if (interrupted.current) return false;
        interrupted.current = true;
        const wasOpen = !!run.current || inflight.current.size > 0;
        dispatch({ type: 'interrupting' });
        controller.current.abort();
        await Promise.allSettled([...inflight.current]); // never exit with a half-written record
        try {
          await run.current?.interrupted();
        } catch {
          // the exit code still says "interrupted"; nothing more can be done on the way out
        }
        return wasOpen;
      },
    }),
    [port, reporter, track],
  );

  return { state, ...api };
}
