import { useReducer } from 'react';
import { stepIsGreen } from '../../engine/result-changes.js';
import type { Attestation, RepinDecision } from '../ports/engine-port.js';
import { initialNav, navReducer, type NavAction, type NavState } from '../state/nav-state.js';
import type { PhaseController } from './use-phase-run.js';
import { hasUnsealedWork } from '../state/run-state.js';

// The walk through a phase: which screen follows which engine call. Screens call these; they
// never sequence engine calls themselves.

export interface Flow {
  nav: NavState;
  go: (a: NavAction) => void;
  openPhase(phaseId: string): Promise<void>;
  enterStep(stepId: string): Promise<void>;
  rerunStep(stepId: string): Promise<void>;
  nextStep(stepId: string): Promise<void>;
  submitAttestation(stepId: string, a: Attestation): Promise<void>;
  decide(decision: RepinDecision): Promise<void>;
  abort(reason: string): Promise<void>;
  stopForLiveConflicts(): Promise<void>;
  seal(): Promise<void>;
  leavePhase(confirmed: boolean): Promise<void>;
  home(): Promise<void>;
}

export function useFlow(run: PhaseController): Flow {
  const [nav, go] = useReducer(navReducer, initialNav);
  const phase = run.state.phase;
  const needsAttestation = (stepId: string) =>
    !!phase?.steps.find((s) => s.id === stepId)?.checks.some((c) => c.gate === 'attest') && !run.state.attested[stepId];

  const flow: Flow = {
    nav,
    go,
    async openPhase(phaseId) {
      go({ type: 'go', screen: 'home' });
      go({ type: 'homeAuto' }); // back on home, the next phase that needs work is selected
      const opened = await run.open(phaseId);
      if (opened !== 'failed') go({ type: 'go', screen: opened });
    },
    async enterStep(stepId) {
      if (needsAttestation(stepId) && !run.state.results[stepId]) return go({ type: 'go', screen: 'attest', step: stepId });
      go({ type: 'go', screen: 'step', step: stepId });
      if (!run.state.results[stepId]) await run.runStep(stepId);
    },
    async rerunStep(stepId) {
      go({ type: 'go', screen: 'step', step: stepId });
      if (!phase) return;
      const fresh = await run.freshConflicts();
      if (fresh === undefined) return; // the registry or Terraform outputs could not be read: shown
      if (!fresh) return run.runStep(stepId);
      // Sources changed under this run (an apply in another terminal): start over from preflight.
      await flow.openPhase(phase.id);
      run.notice(`Sources changed since ${phase.id} opened (${fresh} new conflict(s)): the run restarted at its preflight.`);
    },
    async nextStep(stepId) {
      if (!phase) return;
      const i = phase.steps.findIndex((s) => s.id === stepId);
      const next = phase.steps[i + 1];
      // A red step goes on too, as headless does: the phase stays blocked and the step screen says so.
      if (next) return flow.enterStep(next.id);
      if (stepIsGreen(run.state.results[stepId])) await flow.seal();
    },
    async submitAttestation(stepId, a) {
      if (!(await run.attest(stepId, a))) return;
      go({ type: 'go', screen: 'step', step: stepId });
      await run.runStep(stepId);
    },
    async decide(decision) {
      await run.decide(decision);
    },
    async abort(reason) {
      if (await run.abort(reason)) go({ type: 'go', screen: 'home' });
    },
    async stopForLiveConflicts() {
      if (await run.stopForLiveConflicts()) go({ type: 'go', screen: 'stop' });
    },
    async seal() {
      if (await run.seal()) go({ type: 'go', screen: 'verdict' });
    },
    async leavePhase(confirmed) {
      if (hasUnsealedWork(run.state) && !confirmed) return go({ type: 'overlay', overlay: 'leave' });
      await run.close(hasUnsealedWork(run.state));
      go({ type: 'go', screen: 'home' });
    },
    async home() {
      await run.close(false);
      go({ type: 'go', screen: 'home' });
    },
  };
  return flow;
}
