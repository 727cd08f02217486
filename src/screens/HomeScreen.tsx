import { Box, Text } from 'ink';
import { useContext, useState } from 'react';
import { FaceContext } from '../console/ports/console-face.js';
import { formatChange } from '../engine/result-changes.js';
import { describeError } from '../console/ports/describe-error.js';
import { sanitizeLine } from '../core/sanitize.js';
import { Busy } from '../console/components/Spinner.js';
import type { PhaseStatus, RecheckOutcome } from '../console/ports/engine-port.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize, windowOf } from '../console/components/layout.js';
import { useAsync } from '../console/hooks/use-async.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { ErrorLines, PhaseLabel, Tone } from '../console/theme/theme.js';
import { phaseStyle } from '../core/status-style.js';
import { useListFilter } from '../console/hooks/use-list-filter.js';
import { useCursor } from '../console/state/list-cursor.js';
import { NoMatch } from '../console/components/FilterBar.js';

const OFFERS: readonly Offer[] = ['up', 'down', ['select', 'open phase'], ['recheck', 'recheck green (drift)']];

export interface HomeProps {
  program: string;
  /** Read on every visit: a verdict sealed meanwhile changes the table. */
  load: () => Promise<PhaseStatus[]>;
  /** Statuses already read (the console's first frame): shown without loading again. */
  initial?: PhaseStatus[];
  cursor: number;
  onMove: (auto: number, delta: number, length: number) => void;
  onOpen: (phaseId: string) => void;
  /** Engine work in progress (opening a phase). */
  busy?: string;
  error?: string;
  /** Live checks of the sealed-green phases again, nothing sealed (`gatewalk recheck`). */
  recheck?: () => Promise<RecheckOutcome>;
}

/** One line per phase that drifted, else one line saying all held. */
function driftLines(o: RecheckOutcome): string[] {
  const gone = o.phases.filter((p) => !p.green);
  if (!o.phases.length) return ['recheck: no phase has a sealed green verdict yet'];
  if (!gone.length)
    return [`recheck: all ${o.phases.length} sealed-green phase(s) still green (logbook record ${o.record.seq}; nothing sealed)`];
  return [
    `recheck: ${gone.length} of ${o.phases.length} sealed-green phase(s) NO LONGER GREEN (logbook record ${o.record.seq}; rerun them to seal)`,
    ...gone.map(
      (p) =>
        `  ✘ ${p.phase}: ${p.blockers.join(', ')}${p.changes.length ? ` — ${p.changes.slice(0, 3).map(formatChange).join('; ')}` : ''}`,
    ),
  ];
}

const lastCell = (s: PhaseStatus) =>
  !s.last
    ? '—'
    : `${s.last.overall_pass && !s.last.blockers.length ? 'GREEN' : 'HOLD'} ${sanitizeLine(s.last.finished_at ?? '')
        .replace('T', ' ')
        .slice(0, 16)}`;

/** The columns a phase row shows, as the `/` filter matches them. */
const rowText = (s: PhaseStatus) =>
  [
    s.phase.id,
    phaseStyle(s.state).word,
    s.last ? String(s.last.blockers.length) : '',
    lastCell(s),
    s.waitingFor.join(' '),
    s.pendingStop ? 'STOP pending' : '',
    s.phase.title,
  ]
    .map(sanitizeLine)
    .join(' ');

/** The program's phases with their state: the operator's map of the closeout. */
export function HomeScreen({ program, load, initial, cursor, onMove, onOpen, busy, error, recheck }: HomeProps) {
  const [drift, setDrift] = useState<{ running?: boolean; lines?: string[]; error?: string }>({});
  const face = useContext(FaceContext);
  const { rows } = useBodySize();
  const { value: statuses, error: loadError } = useAsync(load, initial);
  // While a filter is in effect the cursor moves among the matches; the home cursor stays for later.
  const matchCursor = useCursor(0);
  const filter = useListFilter(statuses ?? [], rowText, () => matchCursor.set(0));
  const list = filter.items;
  // Ids longer than the usual column (a user's "stage-account") still leave a gap before the state.
  const idWidth = Math.max(8, ...list.map((s) => s.phase.id.length + 1));
  const needsWork = list.findIndex((s) => s.state === 'ready' || s.state === 'blocked');
  const here = filter.query ? matchCursor.index : cursor < 0 ? Math.max(0, needsWork) : cursor;
  const at = Math.min(here, Math.max(0, list.length - 1));
  const offers = filter.offers(OFFERS);
  useKeys(
    offers,
    (a, rest) => {
      if (busy || drift.running) return;
      if (filter.take(a, rest)) return true;
      if (filter.query && (a === 'up' || a === 'down')) return matchCursor.move(a === 'up' ? -1 : 1, list.length);
      if (a === 'recheck' && recheck) {
        setDrift({ running: true });
        recheck().then(
          (o) => setDrift({ lines: driftLines(o) }),
          (err) => setDrift({ error: describeError(err, face) }),
        );
      }
      if (a === 'up' || a === 'down') onMove(Math.max(0, needsWork), a === 'up' ? -1 : 1, list.length);
      if (a === 'select' && list[at]) onOpen(list[at].phase.id);
    },
    filter.editing,
  );
  const { start, visible } = windowOf(list, at, rows - 7);
  const selected = list[at];
  return (
    <ScreenFrame offers={offers} filter={filter}>
      <Text
        bold
        wrap="truncate-end"
      >{`${sanitizeLine(program)} — ${filter.total} phases${filter.query ? `, ${list.length} shown` : ''}`}</Text>
      <Text
        dimColor
        wrap="truncate-end"
      >{`  ${'PHASE'.padEnd(idWidth)}${'STATE'.padEnd(10)}${'BLOCKERS'.padEnd(10)}${'LAST VERDICT'.padEnd(23)}TITLE`}</Text>
      {!statuses && !loadError ? <Busy label="reading sealed verdicts" /> : null}
      <ErrorLines text={loadError} />
      <NoMatch filter={filter} noun="phase" />
      {visible.map((s, i) => (
        <Text key={s.phase.id} wrap="truncate-end" inverse={start + i === at}>
          {start + i === at ? '› ' : '  '}
          {sanitizeLine(s.phase.id).padEnd(idWidth)}
          <PhaseLabel state={s.state} />
          {`${s.last ? String(s.last.blockers.length) : '—'}`.padEnd(10)}
          {lastCell(s).padEnd(23)}
          {s.state === 'tampered' ? `tampering: ${s.tamper.map((t) => sanitizeLine(t.file)).join(', ')} · ` : ''}
          {s.state === 'locked' ? `waits for ${s.waitingFor.map(sanitizeLine).join(', ')} · ` : ''}
          {s.pendingStop ? <Tone color="yellow">{`⏸ STOP ${s.pendingStop.handles.length} pending · `}</Tone> : null}
          {sanitizeLine(s.phase.title)}
        </Text>
      ))}
      <Box marginTop={1} flexDirection="column">
        {selected ? <SelectedPhase status={selected} /> : null}
        {busy ? <Busy label={busy} /> : null}
        {drift.running ? <Busy label="rechecking sealed-green phases (nothing is sealed)" /> : null}
        {(drift.lines ?? []).map((l, i) => (
          <Text key={i} wrap="truncate-end">
            {sanitizeLine(l)}
          </Text>
        ))}
        <ErrorLines text={error ?? drift.error} />
      </Box>
    </ScreenFrame>
  );
}

function SelectedPhase({ status }: { status: PhaseStatus }) {
  const { phase, state, last, waitingFor, notGreenAncestors, tamper } = status;
  const id = sanitizeLine(phase.id);
  const why =
    state === 'tampered'
      ? `${id}: TAMPERING — ${sanitizeLine(tamper.map((t) => `${t.file}: ${t.problem}`).join('; '))}. Never counts as green.`
      : state === 'stale'
        ? `${id} is stale: its verdict is green but ${notGreenAncestors.map(sanitizeLine).join(', ')} is not green any more; rerun after them.`
        : state === 'locked'
          ? `${id} is locked: ${waitingFor.map(sanitizeLine).join(', ')} must close green first (no skipping).`
          : state === 'blocked'
            ? `${id} is blocked by its last verdict: ${[...new Set(last!.blockers.map((b) => sanitizeLine(b.code)))].join(', ') || 'overall_pass false'}. enter to run it again.`
            : state === 'green'
              ? `${id} is green. enter to run it again (a new verdict is sealed; the old one stays).`
              : `${id} is ready: ${phase.steps.length} steps. enter to open it.`;
  const stop = status.pendingStop;
  return (
    <>
      <Text wrap="truncate-end">{why}</Text>
      {stop ? (
        <Tone color="yellow">{`⏸ ${id} has a STOP waiting for a decision (${stop.handles.length} conflict(s): ${stop.handles.slice(0, 3).map(sanitizeLine).join(', ')}${stop.handles.length > 3 ? ', …' : ''}): enter to repin or abort.`}</Tone>
      ) : null}
    </>
  );
}
