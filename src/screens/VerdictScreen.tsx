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

/** The sealed verdict: green or not, why not, its key figures, and where it is sealed. */
export function VerdictScreen({
  phase,
  sealed,
  onHome,
  onRunAgain,
  onConflicts,
}: {
  phase: Phase;
  /** `stopped`: live conflicts the engine STOPped on after sealing (recorded). */
  /** `inLogbook`: a docs-only phase, sealed in its logbook record alone (no evidence folder). */
  sealed: { verdict: Verdict; path: string; stopped: readonly unknown[]; inLogbook?: true };
  onHome: () => void;
  onRunAgain: () => void;
  onConflicts: () => void;
}) {
  const { rows } = useBodySize();
  const scroll = useCursor(0);
  const { verdict, path } = sealed;
  // The runbook's declared key figures, as the headless report prints them (name=value).
  const figures = Object.entries(verdict.key_figures ?? {});
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
  const { visible } = windowOf(verdict.blockers, scroll.index, rows - (stopped ? 9 : 8) - (figures.length ? figures.length + 1 : 0));
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
      {figures.length ? <Text>key figures:</Text> : null}
      {figures.map(([name, value]) => (
        <Text key={name} wrap="truncate-end">{`  ${sanitizeLine(name)}=${sanitizeLine(String(value))}`}</Text>
      ))}
      <Text wrap="truncate-middle">
        {sealed.inLogbook
          ? `sealed in: logbook record ${sanitizeLine(path.slice(path.lastIndexOf('#') + 1))} (docs-only: no evidence folder)`
          : `snapshot: ${sanitizeLine(path)}`}
      </Text>
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
