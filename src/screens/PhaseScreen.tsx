import { Box, Text } from 'ink';
import type { Phase } from '../core/runbook-schema.js';
import { sanitizeLine } from '../core/sanitize.js';
import { worstStatus, type CheckResult } from '../core/types.js';
import { stepIsGreen } from '../engine/result-changes.js';
import { reflow } from '../console/theme/text.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize, windowOf } from '../console/components/layout.js';
import { useCursor } from '../console/state/list-cursor.js';
import type { RunState } from '../console/state/run-state.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { Busy } from '../console/components/Spinner.js';
import { CheckLabel, ErrorLines, errorLines } from '../console/theme/theme.js';

const OFFERS: readonly Offer[] = ['up', 'down', ['select', 'run step'], 'seal', ['history', 'phase history'], ['back', 'home']];

const counts = (results: readonly CheckResult[]) => {
  const by = new Map<string, number>();
  for (const r of results) by.set(r.status, (by.get(r.status) ?? 0) + 1);
  return [...by].map(([status, n]) => `${n} ${status}`).join(', ');
};

export interface PhaseProps {
  phase: Phase;
  state: RunState;
  onOpenStep: (stepId: string) => void;
  onSeal: () => void;
  onHistory: () => void;
  onBack: () => void;
}

/** The phase's steps with their latest results in this run (or the last sealed verdict's). */
export function PhaseScreen({ phase, state, onOpenStep, onSeal, onHistory, onBack }: PhaseProps) {
  const { rows } = useBodySize();
  const firstOpen = Math.max(
    0,
    phase.steps.findIndex((s) => !stepIsGreen(state.results[s.id])),
  );
  const cursor = useCursor(firstOpen);
  const at = Math.min(cursor.index, phase.steps.length - 1);
  useKeys(OFFERS, (a) => {
    if (state.busy) return;
    if (a === 'up') cursor.move(-1, phase.steps.length);
    if (a === 'down') cursor.move(1, phase.steps.length);
    if (a === 'select') onOpenStep(phase.steps[at]!.id);
    if (a === 'seal') onSeal();
    if (a === 'history') onHistory();
    if (a === 'back') onBack();
  });
  const extra = (state.busy ? 1 : 0) + errorLines(state.error).length + (state.authority.length ? 1 : 0);
  const { start, visible } = windowOf(phase.steps, at, Math.max(2, rows - 6 - extra));
  const selected = phase.steps[at]!;
  return (
    <ScreenFrame offers={OFFERS}>
      <Text
        bold
        wrap="truncate-end"
      >{`${sanitizeLine(phase.id)} ${sanitizeLine(phase.title)} — ${phase.steps.length} steps${phase.requires.length ? ` · requires ${phase.requires.map(sanitizeLine).join(', ')} (green)` : ''}`}</Text>
      {visible.map((step, i) => {
        const mine = state.results[step.id];
        const sealed = state.sealedPrevious.filter((r) => r.step === step.id);
        return (
          <Text key={step.id} wrap="truncate-end" inverse={start + i === at}>
            {start + i === at ? '› ' : '  '}
            {`${start + i + 1}. ${sanitizeLine(step.id)}`.padEnd(24)}
            {mine ? <CheckLabel status={worstStatus(mine.map((r) => r.status))} /> : <Text dimColor>{'· NOT RUN'.padEnd(9)}</Text>}
            {mine ? ` ${counts(mine)}` : sealed.length ? ` last sealed: ${counts(sealed)}` : ''}
            {`  ${sanitizeLine(step.title)}`}
          </Text>
        );
      })}
      {state.busy ? <Busy label={state.busy} /> : null}
      <ErrorLines text={state.error} />
      {state.authority.length ? (
        <Text
          dimColor
          wrap="truncate-end"
        >{`authority: ${state.authority.length} handle(s) settled by rank and logged: ${sanitizeLine(state.authority.join('; '))}`}</Text>
      ) : null}
      <Box marginTop={1} flexDirection="column" height={Math.max(2, rows - 2 - visible.length - extra)} overflow="hidden">
        <Text bold wrap="truncate-end">{`${sanitizeLine(selected.id)}: ${sanitizeLine(selected.title)}`}</Text>
        <Text>{reflow(selected.guidance)}</Text>
      </Box>
    </ScreenFrame>
  );
}
