import { Box, Text } from 'ink';
import { useReducer } from 'react';
import { sanitizeLine } from '../core/sanitize.js';
import type { Conflict, PlannedRepin, RepinDecision } from '../console/ports/engine-port.js';
import type { Action, Offer } from '../console/input/key-bindings.js';
import { useBodySize } from '../console/components/layout.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { Busy } from '../console/components/Spinner.js';
import { initialStop, sourcesOffered, stopReducer, type StopMode } from '../console/state/stop-state.js';
import { AppliedRepins, Choices, ConflictDetail, ConflictList } from './StopViews.js';
import { TextInput, useTextField } from '../console/components/TextInput.js';
import { ErrorLines, Tone } from '../console/theme/theme.js';

export interface StopProps {
  phaseId: string;
  conflicts: Conflict[];
  repins: PlannedRepin[];
  busy?: string;
  error?: string;
  notice?: string;
  onDecide: (d: RepinDecision) => void;
  onAbort: (reason: string) => void;
  onContinue: () => void;
  onLeave: () => void;
}

function offersFor(mode: StopMode, resolved: boolean): readonly Offer[] {
  switch (mode.kind) {
    case 'list':
      return resolved
        ? [
            ['select', 'continue to the phase'],
            ['back', 'home'],
          ]
        : ['up', 'down', ['select', 'repin this handle'], 'repinAll', 'abort', ['back', 'leave (STOP stays recorded)']];
    case 'pickValue':
    case 'pickSource':
      return ['up', 'down', ['select', 'choose'], ['back', 'cancel']];
    case 'typeValue':
      return [
        ['select', 'use this value'],
        ['back', 'cancel'],
      ];
    case 'reason':
      return [
        ['select', 'apply repin'],
        ['back', 'cancel'],
      ];
    case 'abortReason':
      return [
        ['select', 'abort the run'],
        ['back', 'cancel'],
      ];
  }
}

/** STOP / log / repin: two sources of truth disagree, and the operator decides, with a reason. */
export function StopScreen({ phaseId, conflicts, repins, busy, error, notice, onDecide, onAbort, onContinue, onLeave }: StopProps) {
  const { rows } = useBodySize();
  const [s, dispatch] = useReducer(stopReducer, initialStop);
  const text = useTextField();
  const resolved = conflicts.length === 0;
  const selected = conflicts[Math.min(s.selected, conflicts.length - 1)];
  const sources = sourcesOffered(conflicts);
  const valueChoices = selected
    ? [...selected.offers.map((o) => `${sanitizeLine(o.value)}  (${sanitizeLine(o.source)})`), 'type a value…']
    : [];
  const typing = s.mode.kind === 'typeValue' || s.mode.kind === 'reason' || s.mode.kind === 'abortReason';
  const offers = offersFor(s.mode, resolved);
  const to = (mode: StopMode) => {
    text.set('');
    dispatch({ type: 'mode', mode });
  };
  const need = (what: string) => text.current().trim() || void dispatch({ type: 'problem', problem: `${what} is required` });

  useKeys(
    offers,
    (a: Action) => {
      if (busy) return;
      const m = s.mode;
      if (a === 'up' || a === 'down') {
        const length = m.kind === 'list' ? conflicts.length : m.kind === 'pickSource' ? sources.length : valueChoices.length;
        return dispatch({ type: 'move', delta: a === 'up' ? -1 : 1, length });
      }
      if (m.kind === 'list') {
        if (resolved) return a === 'select' ? onContinue() : a === 'back' ? onLeave() : undefined;
        if (a === 'select' && selected) to({ kind: 'pickValue', handle: selected.handle });
        if (a === 'repinAll') {
          if (!sources.length)
            return dispatch({ type: 'problem', problem: 'no source offers values to take wholesale: repin the handles one by one' });
          if (sources.length > 1) return to({ kind: 'pickSource' });
          to({
            kind: 'reason',
            plan: { repins: [], fromSource: sources[0]!.source },
            summary: `repin all ${sources[0]!.count} handle(s) offered by ${sources[0]!.source}`,
          });
        }
        if (a === 'abort') to({ kind: 'abortReason' });
        if (a === 'back') onLeave();
        return;
      }
      if (a === 'back') return to(m.kind === 'typeValue' ? { kind: 'pickValue', handle: m.handle } : { kind: 'list' });
      if (a !== 'select') return;
      if (m.kind === 'pickValue') {
        const offer = selected?.offers[s.choice];
        if (!offer) return to({ kind: 'typeValue', handle: m.handle });
        return to({
          kind: 'reason',
          plan: { repins: [{ handle: m.handle, value: offer.value }] },
          summary: `repin ${m.handle} → ${offer.value}`,
        });
      }
      if (m.kind === 'pickSource') {
        const src = sources[s.choice]!;
        return to({
          kind: 'reason',
          plan: { repins: [], fromSource: src.source },
          summary: `repin all ${src.count} handle(s) offered by ${src.source}`,
        });
      }
      if (m.kind === 'typeValue') {
        const value = need('a value');
        if (value) to({ kind: 'reason', plan: { repins: [{ handle: m.handle, value }] }, summary: `repin ${m.handle} → ${value}` });
        return;
      }
      const reason = need(m.kind === 'reason' ? 'a rationale' : 'a reason for aborting');
      if (!reason) return;
      to({ kind: 'list' });
      if (m.kind === 'reason') onDecide({ ...m.plan, reason });
      else onAbort(reason);
    },
    typing,
  );

  const prompt =
    s.mode.kind === 'reason'
      ? `${sanitizeLine(s.mode.summary)} — why is this value right? (rationale, required)`
      : s.mode.kind === 'abortReason'
        ? 'Abort: why? (required; nothing in the registry changes)'
        : s.mode.kind === 'typeValue'
          ? `New value for ${sanitizeLine(s.mode.handle)}:`
          : '';
  return (
    <ScreenFrame offers={offers} typing={typing}>
      {resolved ? (
        <Tone color="green" bold>{`✔ No conflicts remain for ${sanitizeLine(phaseId)}. enter: continue to the phase.`}</Tone>
      ) : (
        <Tone
          color="yellow"
          bold
        >{`⏸ STOP ${sanitizeLine(phaseId)} — ${conflicts.length} conflict(s) between sources of truth. Nothing is guessed: repin with a rationale, or abort.`}</Tone>
      )}
      {notice ? <Text wrap="truncate-end">{sanitizeLine(notice)}</Text> : null}
      {!resolved ? (
        <ConflictList
          conflicts={conflicts}
          selected={s.selected}
          rows={Math.max(2, rows - 10 - (notice ? 1 : 0) - 2 * (selected?.offers.length ?? 0))}
          active={s.mode.kind === 'list'}
        />
      ) : null}
      {selected && s.mode.kind !== 'pickSource' && !(s.mode.kind === 'reason' && s.mode.plan.fromSource) ? (
        <ConflictDetail conflict={selected} />
      ) : null}
      {s.mode.kind === 'pickValue' ? (
        <Choices title={`Pick the value to pin for ${sanitizeLine(s.mode.handle)}:`} items={valueChoices} cursor={s.choice} />
      ) : null}
      {s.mode.kind === 'pickSource' ? (
        <Choices title="Take every value offered by:" items={sources.map((x) => `${x.source} (${x.count} handle(s))`)} cursor={s.choice} />
      ) : null}
      {prompt ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold wrap="truncate-end">
            {prompt}
          </Text>
          <TextInput field={text} onEdit={() => dispatch({ type: 'edited' })} active={!busy} />
        </Box>
      ) : null}
      {s.problem ? <Tone color="red">{s.problem}</Tone> : null}
      {s.mode.kind === 'list' ? <AppliedRepins repins={repins} /> : null}
      {busy ? <Busy label={busy} /> : null}
      <ErrorLines text={error} />
    </ScreenFrame>
  );
}
