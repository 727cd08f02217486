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
import { checkStyle } from '../core/status-style.js';
import { useListFilter } from '../console/hooks/use-list-filter.js';
import { NoMatch } from '../console/components/FilterBar.js';
import { GUIDANCE_OFFERS, GuidanceBox, GuidancePage, useGuidance } from '../console/components/Guidance.js';

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
  const { rows, columns } = useBodySize();
  const firstOpen = Math.max(
    0,
    phase.steps.findIndex((s) => !stepIsGreen(state.results[s.id])),
  );
  const cursor = useCursor(firstOpen);
  const rowText = (step: Phase['steps'][number], n: number) => {
    const mine = state.results[step.id];
    const status = mine ? checkStyle(worstStatus(mine.map((r) => r.status))).word : 'NOT RUN';
    return [`${n + 1}.`, step.id, status, mine ? counts(mine) : '', step.title].map(sanitizeLine).join(' ');
  };
  const filter = useListFilter(
    phase.steps.map((step, n) => ({ step, n })),
    ({ step, n }) => rowText(step, n),
    () => cursor.set(0),
  );
  const steps = filter.items;
  const at = Math.min(cursor.index, Math.max(0, steps.length - 1));
  const selected = steps[at]?.step;
  const guide = useGuidance(reflow(selected?.guidance ?? ''), columns);
  const extra = (state.busy ? 1 : 0) + errorLines(state.error).length + (state.authority.length ? 1 : 0);
  const { start, visible } = windowOf(steps, at, Math.max(2, rows - 6 - extra));
  // Below the list: a blank row, the selected step's title, then its guidance.
  const guideRows = Math.max(1, rows - 3 - visible.length - extra);
  const cut = guide.lines.length > guideRows;
  const offers = guide.expanded ? GUIDANCE_OFFERS : filter.offers(cut ? [...OFFERS, 'more'] : OFFERS);
  useKeys(
    offers,
    (a, rest) => {
      if (state.busy) return;
      if (guide.expanded) return guide.keys(a, rows);
      if (filter.take(a, rest)) return true;
      if (a === 'more') guide.toggle();
      if (a === 'up') cursor.move(-1, steps.length);
      if (a === 'down') cursor.move(1, steps.length);
      if (a === 'select' && steps[at]) onOpenStep(steps[at].step.id);
      if (a === 'seal') onSeal();
      if (a === 'history') onHistory();
      if (a === 'back') onBack();
    },
    filter.editing,
  );
  if (guide.expanded && selected)
    return (
      <ScreenFrame offers={offers}>
        <GuidancePage
          view={guide}
          title={`${sanitizeLine(phase.id)} · ${sanitizeLine(selected.id)}: ${sanitizeLine(selected.title)}`}
          rows={rows}
        />
      </ScreenFrame>
    );
  return (
    <ScreenFrame offers={offers} filter={filter}>
      <Text
        bold
        wrap="truncate-end"
      >{`${sanitizeLine(phase.id)} ${sanitizeLine(phase.title)} — ${phase.steps.length} steps${phase.requires.length ? ` · requires ${phase.requires.map(sanitizeLine).join(', ')} (green)` : ''}`}</Text>
      <NoMatch filter={filter} noun="step" />
      {visible.map(({ step, n }, i) => {
        const mine = state.results[step.id];
        const sealed = state.sealedPrevious.filter((r) => r.step === step.id);
        return (
          <Text key={step.id} wrap="truncate-end" inverse={start + i === at}>
            {start + i === at ? '› ' : '  '}
            {`${n + 1}. ${sanitizeLine(step.id)}`.padEnd(24)}
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
      {selected ? (
        <Box marginTop={1} flexDirection="column" height={guideRows + 1} overflow="hidden">
          <Text bold wrap="truncate-end">{`${sanitizeLine(selected.id)}: ${sanitizeLine(selected.title)}`}</Text>
          <GuidanceBox lines={guide.lines} rows={guideRows} dim={false} />
        </Box>
      ) : null}
    </ScreenFrame>
  );
}
