import { Box, Text } from 'ink';
import { UNCODED_BLOCKER } from '../engine/verdict.js';
import { useState } from 'react';
import type { Phase } from '../core/runbook-schema.js';
import { sanitizeLine } from '../core/sanitize.js';
import { isBlocking, worstStatus } from '../core/types.js';
import { blockingFirst, diffResults, formatChange, stepIsGreen } from '../engine/result-changes.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize, windowOf } from '../console/components/layout.js';
import { useCursor } from '../console/state/list-cursor.js';
import { LiveChecks, ResultRow } from '../console/components/ResultRows.js';
import type { RunState } from '../console/state/run-state.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { stepLayout } from '../console/state/step-layout.js';
import { blockedBefore } from '../console/state/blocked-steps.js';
import { reflow } from '../console/theme/text.js';
import { Busy } from '../console/components/Spinner.js';
import { CheckLabel, ErrorLines, errorLines, Tone } from '../console/theme/theme.js';
import { checkStyle } from '../core/status-style.js';
import { useListFilter } from '../console/hooks/use-list-filter.js';
import { NoMatch } from '../console/components/FilterBar.js';
import { GUIDANCE_OFFERS, GuidanceBox, GuidancePage, useGuidance } from '../console/components/Guidance.js';

export interface StepProps {
  phase: Phase;
  stepId: string;
  state: RunState;
  onNext: () => void;
  onRerun: () => void;
  onAttest: () => void;
  onSeal: () => void;
  onConflicts: () => void;
  /** Opens the step's IAM simulation grid (offered once an iam.simulate check has cells). */
  onGrid: () => void;
  onBack: () => void;
}

/** One step: its guidance, its checks running live, then every result and what changed. */
export function StepScreen({ phase, stepId, state, onNext, onRerun, onAttest, onSeal, onConflicts, onGrid, onBack }: StepProps) {
  const { columns, rows } = useBodySize();
  const [nudge, setNudge] = useState('');
  const cursor = useCursor(0);
  const index = phase.steps.findIndex((s) => s.id === stepId);
  const step = phase.steps[index]!;
  const running = state.runningStep === stepId;
  const finished = !running ? state.results[stepId] : undefined;
  const all = blockingFirst(running ? state.partial : (finished ?? []));
  // The blocker a failing check raises, as the verdict will record it.
  const blockerOf = (checkId: string) => step.checks.find((c) => c.id === checkId)?.blocker ?? UNCODED_BLOCKER;
  const filter = useListFilter(
    all,
    (r) => [checkStyle(r.status).word, r.id, r.resource, isBlocking(r.status) ? blockerOf(r.id) : '', r.reason].map(sanitizeLine).join(' '),
    () => cursor.set(0),
  );
  const results = filter.items;
  const green = stepIsGreen(finished);
  const last = index === phase.steps.length - 1;
  const attestable = step.checks.some((c) => c.gate === 'attest');
  const hasGrid = !!finished?.some((r) => r.gate === 'iam.simulate' && Array.isArray(r.details?.cells));
  const carried = blockedBefore(phase, state.results, index);
  const guide = useGuidance(reflow(step.guidance), columns);
  const offers: readonly Offer[] = state.busy
    ? ['interrupt']
    : guide.expanded
      ? GUIDANCE_OFFERS
      : filter.offers([
          ['select', last ? (green ? 'seal verdict' : 'seal needs green: s') : green ? 'next step' : 'next step (phase stays BLOCKED)'],
          'rerun',
          ...(attestable ? ([['attest', 'attest again']] as const) : []),
          ...(state.liveConflicts.length ? (['conflicts'] as const) : []),
          ...(hasGrid ? (['grid'] as const) : []),
          'seal',
          ['up', 'select result'],
          'down',
          ['back', 'steps'],
          ...(guide.lines.length > 3 ? (['more'] as const) : []),
        ]);
  useKeys(
    offers,
    (a, rest) => {
      if (state.busy) return;
      if (guide.expanded) return guide.keys(a, rows);
      if (filter.take(a, rest)) return true;
      setNudge('');
      if (a === 'more') guide.toggle();
      if (a === 'select')
        return green || !last ? onNext() : setNudge('last step not green: fix it, then r to rerun · or s to seal the verdict BLOCKED');
      if (a === 'rerun') onRerun();
      if (a === 'attest') onAttest();
      if (a === 'conflicts') onConflicts();
      if (a === 'grid') onGrid();
      if (a === 'seal') onSeal();
      if (a === 'up') cursor.move(-1, results.length);
      if (a === 'down') cursor.move(1, results.length);
      if (a === 'back') onBack();
    },
    filter.editing,
  );

  const changes = finished && state.previous[stepId] ? diffResults(state.previous[stepId]!, finished) : undefined;
  const changeRows = changes ? 1 + Math.min(3, changes.length) : 0;
  const banner = state.liveConflicts.length && finished ? 1 : 0;
  const at = Math.min(cursor.index, Math.max(0, results.length - 1));
  const picked = finished ? results[at] : undefined;
  const tail =
    (picked ? 2 : 0) + changeRows + banner + (state.busy ? 1 : 0) + (finished ? 1 : 0) + (nudge ? 1 : 0) + errorLines(state.error).length;
  const { guidanceRows, listRows, resourceWidth, checkWidth } = stepLayout({
    columns,
    rows,
    guidanceLines: guide.lines.length,
    live: state.live.length,
    results,
    checkIds: step.checks.map((c) => c.id),
    tail,
  });
  const { start, visible } = windowOf(results, at, listRows);
  const title = `${sanitizeLine(phase.id)} · step ${index + 1}/${phase.steps.length} · ${sanitizeLine(step.id)} — ${sanitizeLine(step.title)}`;
  if (guide.expanded)
    return (
      <ScreenFrame offers={offers}>
        <GuidancePage view={guide} title={title} rows={rows} />
      </ScreenFrame>
    );

  return (
    <ScreenFrame offers={offers} filter={filter}>
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      {guidanceRows ? <GuidanceBox lines={guide.lines} rows={guidanceRows} /> : null}
      {carried ? (
        <Text wrap="truncate-end">
          <Tone color="yellow">{carried}</Tone>
        </Text>
      ) : (
        <Text> </Text>
      )}
      <LiveChecks live={state.live} />
      <NoMatch filter={filter} noun="result" />
      {visible.map((r, i) => (
        <ResultRow
          key={`${r.id}:${r.resource}:${i}`}
          result={r}
          blocker={blockerOf(r.id)}
          resourceWidth={resourceWidth}
          checkWidth={checkWidth}
          selected={!!picked && start + i === at}
        />
      ))}
      {results.length > visible.length ? (
        <Text
          dimColor
        >{`  … ${results.length} results${filter.query ? ` of ${filter.total} match` : ''}, ${results.length - visible.length} not shown (↑↓)`}</Text>
      ) : filter.query && results.length ? (
        <Text dimColor>{`  ${results.length} of ${filter.total} results match`}</Text>
      ) : null}
      {picked ? (
        <Box height={2} overflow="hidden">
          <Text>{`${sanitizeLine(picked.resource)}: ${sanitizeLine(picked.reason)}${isBlocking(picked.status) ? ` — raises ${sanitizeLine(blockerOf(picked.id))}` : ''}`}</Text>
        </Box>
      ) : null}
      {changes ? (
        <Box flexDirection="column">
          <Text bold>{changes.length ? `Changed since the previous run (${changes.length}):` : 'No change since the previous run.'}</Text>
          {changes.slice(0, 3).map((c) => (
            <Text key={c.label} wrap="truncate-end">{`  ${formatChange(c)}`}</Text>
          ))}
        </Box>
      ) : null}
      {banner ? (
        <Text wrap="truncate-end">
          <Tone color="yellow">{`⏸ ${state.liveConflicts.length} live conflict(s): AWS differs from the pins. c: STOP and repin (sealing records GW-CONFLICT)`}</Tone>
        </Text>
      ) : null}
      {state.busy ? <Busy label={state.busy} /> : null}
      {finished ? (
        <Text wrap="truncate-end">
          <CheckLabel status={worstStatus(finished.map((r) => r.status))} />
          {green
            ? `step green · ${last ? 'enter seals the verdict' : 'enter for the next step'}`
            : finished.some((r) => r.status === 'manual') && attestable
              ? 'awaiting attestation · a to attest'
              : `step not green · ${last ? '' : 'enter next step (phase stays BLOCKED) · '}r rerun after fixing · s seal (runs the steps not run yet)`}
        </Text>
      ) : null}
      {nudge ? (
        <Text wrap="truncate-end">
          <Tone color="yellow">{nudge}</Tone>
        </Text>
      ) : null}
      <ErrorLines text={state.error} />
    </ScreenFrame>
  );
}
