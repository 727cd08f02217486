import { Text } from 'ink';
import type { Phase } from '../core/runbook-schema.js';
import { sanitizeLine } from '../core/sanitize.js';
import type { Verdict } from '../console/ports/engine-port.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize, windowOf } from '../console/components/layout.js';
import { useCursor } from '../console/state/list-cursor.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { PhaseLabel, Tone } from '../console/theme/theme.js';

const OFFERS: readonly Offer[] = [['select', 'home'], ['rerun', 'run the phase again'], ['up', 'scroll'], 'down'];
const STOPPED: readonly Offer[] = [...OFFERS, ['conflicts', 'STOP: repin or abort']];

const count = (v: Verdict, status: string) => v.checks.filter((c) => c.status === status).length;

/** The sealed verdict: green or not, why not, and where the snapshot is. */
export function VerdictScreen({
  phase,
  sealed,
  onHome,
  onRunAgain,
  onConflicts,
}: {
  phase: Phase;
  /** `stopped`: live conflicts the engine STOPped on after sealing (recorded). */
  sealed: { verdict: Verdict; path: string; stopped: readonly unknown[] };
  onHome: () => void;
  onRunAgain: () => void;
  onConflicts: () => void;
}) {
  const { rows } = useBodySize();
  const scroll = useCursor(0);
  const { verdict, path } = sealed;
  const green = verdict.overall_pass && verdict.blockers.length === 0;
  const stopped = sealed.stopped.length;
  const offers = stopped ? STOPPED : OFFERS;
  useKeys([...offers, 'back'], (a) => {
    if (a === 'conflicts') onConflicts();
    if (a === 'select' || a === 'back') onHome();
    if (a === 'rerun') onRunAgain();
    if (a === 'up') scroll.move(-1, verdict.blockers.length);
    if (a === 'down') scroll.move(1, verdict.blockers.length);
  });
  const { visible } = windowOf(verdict.blockers, scroll.index, rows - (stopped ? 9 : 8));
  const id = sanitizeLine(phase.id);
  return (
    <ScreenFrame offers={offers}>
      <Text bold wrap="truncate-end">{`${id} verdict sealed — ${sanitizeLine(phase.title)}`}</Text>
      <Text wrap="truncate-end">
        <PhaseLabel state={green ? 'green' : 'blocked'} />
        {` overall_pass: ${verdict.overall_pass}   verdict: ${sanitizeLine(verdict.verdict)}   blockers: ${verdict.blockers.length ? verdict.blockers.length : '[]'}`}
      </Text>
      <Text wrap="truncate-end">{`checks: ${count(verdict, 'pass')} pass · ${count(verdict, 'fail')} fail · ${count(verdict, 'error')} error · ${count(verdict, 'manual')} manual · ${count(verdict, 'skip')} skip`}</Text>
      <Text> </Text>
      {visible.map((b, i) => (
        <Text key={`${b.code}:${b.check}:${i}`} wrap="truncate-end">
          <Tone color="red">{`✘ ${sanitizeLine(b.code)}`}</Tone>
          {`  [${sanitizeLine(b.check)}]  ${sanitizeLine(b.message)}`}
        </Text>
      ))}
      {verdict.blockers.length > visible.length ? <Text dimColor>{`  … ${verdict.blockers.length} blockers in all (↑↓)`}</Text> : null}
      <Text wrap="truncate-middle">{`snapshot: ${sanitizeLine(path)}`}</Text>
      {stopped ? (
        <Tone color="yellow">{`⏸ STOP recorded: ${stopped} live conflict(s), AWS differs from the pins. c: repin or abort`}</Tone>
      ) : null}
      {green ? (
        <Tone color="green">{`${id} is green: phases that require it are unlocked.`}</Tone>
      ) : (
        <Tone color="yellow">{`${id} cannot be marked done while blockers remain; phases that require it stay locked. Fix, then r to run it again.`}</Tone>
      )}
    </ScreenFrame>
  );
}
