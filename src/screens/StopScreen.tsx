import { Box, Text } from 'ink';
import { useReducer, useState } from 'react';
import { sanitizeLine } from '../core/sanitize.js';
import type { Conflict, PlannedRepin, RepinDecision } from '../console/ports/engine-port.js';
import type { Action } from '../console/input/key-bindings.js';
import { useBodySize } from '../console/components/layout.js';
import { Menu } from '../console/components/Menu.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { Busy } from '../console/components/Spinner.js';
import {
  initialStop,
  repinsFromSource,
  sourcesOffered,
  stopReducer,
  type RepinSource,
  type StopMode,
} from '../console/state/stop-state.js';
import { AppliedRepins, ConflictDetail, ConflictList, RepinPreview } from './StopViews.js';
import {
  CONFIRM_ABORT,
  decisionItems,
  handleItems,
  isMenu,
  isTyping,
  offersFor,
  sourceItems,
  valueItems,
  type Decision,
} from './stop-menus.js';
import { TextInput, useTextField } from '../console/components/TextInput.js';
import { ErrorLines, Tone } from '../console/theme/theme.js';

export interface StopProps {
  phaseId: string;
  conflicts: Conflict[];
  repins: PlannedRepin[];
  busy?: string;
  error?: string;
  notice?: string;
  /** Why a typed value cannot be pinned on a handle (undefined: it can). */
  checkValue: (handle: string, value: string) => string | undefined;
  onDecide: (d: RepinDecision) => void;
  onAbort: (reason: string) => void;
  onContinue: () => void;
  onLeave: () => void;
}

/** STOP / log / repin: two sources of truth disagree, and the operator decides, with a reason. */
export function StopScreen(props: StopProps) {
  const { phaseId, conflicts, repins, busy, error, notice, checkValue, onDecide, onAbort, onContinue, onLeave } = props;
  const { rows } = useBodySize();
  const [s, dispatch] = useReducer(stopReducer, initialStop);
  const text = useTextField();
  // An engine error belongs to the question it answered: a new question does not carry it.
  const [dismissed, setDismissed] = useState<string>();
  const [wasBusy, setWasBusy] = useState(busy);
  if (busy !== wasBusy) {
    setWasBusy(busy);
    if (busy) setDismissed(undefined); // a new engine call: its error, if any, is shown
  }
  const resolved = conflicts.length === 0;
  const selected = conflicts[Math.min(s.selected, conflicts.length - 1)];
  const m = s.mode;
  const offers = offersFor(m, resolved);
  const preview = m.kind === 'preview' ? repinsFromSource(conflicts, m.source) : [];
  const previewRows = Math.max(4, rows - 6); // the preview title, its footer line and the question above

  const to = (mode: StopMode) => {
    text.set('');
    setDismissed(error);
    dispatch({ type: 'mode', mode });
  };
  const repinAll = () => {
    const sources = sourcesOffered(conflicts);
    if (!sources.length)
      return dispatch({ type: 'problem', problem: 'no source offers values to take wholesale: repin the handles one by one' });
    to(sources.length > 1 ? { kind: 'pickSource' } : { kind: 'preview', source: sources[0]!.source });
  };
  const toReasonFor = (source: RepinSource) =>
    to({
      kind: 'reason',
      plan: { repins: [], fromSource: source },
      summary: `repin all ${repinsFromSource(conflicts, source).length} handle(s) offered by ${source}`,
    });
  const repinOne = (handle: string, value: string) =>
    to({ kind: 'reason', plan: { repins: [{ handle, value }] }, summary: `repin ${handle} → ${value}` });
  const decide = (d: Decision) => {
    if (d === 'continue') return onContinue();
    if (d === 'home' || d === 'leave') return onLeave();
    if (d === 'repinAll') return repinAll();
    if (d === 'abort') return to({ kind: 'abortReason' });
    to(conflicts.length === 1 ? { kind: 'pickValue', handle: conflicts[0]!.handle } : { kind: 'pickHandle' });
  };
  /** Validated as typed: the problem shows under the field while the value is wrong. */
  const onEdit = () => {
    const value = text.current().trim();
    dispatch({ type: 'problem', problem: m.kind === 'typeValue' && value ? checkValue(m.handle, value) : undefined });
  };
  const required = (what: string) => text.current().trim() || void dispatch({ type: 'problem', problem: `${what} is required` });

  useKeys(
    offers,
    (a: Action) => {
      if (busy) return;
      if (a === 'back') {
        if (m.kind === 'decide') return onLeave();
        return to(m.kind === 'typeValue' ? { kind: 'pickValue', handle: m.handle } : { kind: 'decide' });
      }
      if (m.kind === 'decide' && !resolved) {
        if (a === 'repinAll') repinAll();
        if (a === 'abort') to({ kind: 'abortReason' });
        return;
      }
      if (m.kind === 'preview') {
        if (a === 'up' || a === 'down')
          return dispatch({ type: 'scroll', delta: a === 'up' ? -1 : 1, length: preview.length, rows: Math.floor((previewRows - 2) / 2) });
        if (a === 'select') toReasonFor(m.source);
        return;
      }
      if (a !== 'select' || isMenu(m)) return; // menus answer their own keys
      if (m.kind === 'typeValue') {
        const value = required('a value');
        const problem = value ? checkValue(m.handle, value) : undefined;
        if (problem) return dispatch({ type: 'problem', problem });
        if (value) repinOne(m.handle, value);
        return;
      }
      const reason = required(m.kind === 'reason' ? 'a rationale' : 'a reason for aborting');
      if (!reason) return;
      if (m.kind === 'abortReason') return to({ kind: 'confirmAbort', reason });
      if (m.kind === 'reason') {
        to({ kind: 'decide' });
        onDecide({ ...m.plan, reason });
      }
    },
    isTyping(m),
  );

  const prompt =
    m.kind === 'reason'
      ? `${sanitizeLine(m.summary)} — why is this value right? (rationale, required)`
      : m.kind === 'abortReason'
        ? 'Abort: why? (required; nothing in the registry changes)'
        : m.kind === 'typeValue'
          ? `New value for ${sanitizeLine(m.handle)}:`
          : '';
  const menuActive = !busy;
  // One conflict: its whole detail from the start; several: one line each, detail once one is picked.
  const showDetail =
    selected && (['pickHandle', 'pickValue', 'typeValue'].includes(m.kind) || (conflicts.length === 1 && m.kind === 'decide'));
  return (
    <ScreenFrame offers={offers} typing={isTyping(m)}>
      {resolved ? (
        <Tone color="green" bold>{`✔ No conflicts remain for ${sanitizeLine(phaseId)}.`}</Tone>
      ) : (
        <Tone
          color="yellow"
          bold
        >{`⏸ STOP ${sanitizeLine(phaseId)} — ${conflicts.length} conflict(s) between sources of truth. Nothing is guessed: repin with a rationale, or abort.`}</Tone>
      )}
      {notice ? <Text wrap="truncate-end">{sanitizeLine(notice)}</Text> : null}
      {conflicts.length > 1 && (m.kind === 'decide' || m.kind === 'abortReason' || m.kind === 'confirmAbort') ? (
        <ConflictList conflicts={conflicts} rows={Math.max(2, rows - 9 - (notice ? 1 : 0))} />
      ) : null}
      {m.kind === 'pickHandle' ? (
        <Menu
          title="Which handle?"
          items={handleItems(conflicts)}
          limit={Math.max(2, rows - 8 - 2 * (selected?.offers.length ?? 0))}
          onHighlight={(i) => dispatch({ type: 'select', index: i })}
          onSelect={(i) => to({ kind: 'pickValue', handle: conflicts[i]!.handle })}
          active={menuActive}
        />
      ) : null}
      {showDetail ? <ConflictDetail conflict={selected} /> : null}
      {m.kind === 'decide' ? (
        <Box marginTop={1}>
          <Menu title="Decide:" items={decisionItems(conflicts)} onSelect={decide} active={menuActive} />
        </Box>
      ) : null}
      {m.kind === 'pickValue' ? (
        <Box marginTop={1}>
          <Menu
            title={`Pin ${m.handle} to:`}
            items={valueItems(selected)}
            onSelect={(value) => (value === undefined ? to({ kind: 'typeValue', handle: m.handle }) : repinOne(m.handle, value))}
            active={menuActive}
          />
        </Box>
      ) : null}
      {m.kind === 'pickSource' ? (
        <Menu
          title="Take every value offered by:"
          items={sourceItems(conflicts)}
          onSelect={(src) => to({ kind: 'preview', source: src })}
        />
      ) : null}
      {m.kind === 'preview' ? <RepinPreview source={m.source} repins={preview} scroll={s.scroll} rows={previewRows} /> : null}
      {m.kind === 'confirmAbort' ? (
        <Box marginTop={1}>
          <Menu
            title={`Abort ${phaseId}? reason: ${m.reason}`}
            items={CONFIRM_ABORT}
            onSelect={(yes) => (yes ? (to({ kind: 'decide' }), onAbort(m.reason)) : to({ kind: 'decide' }))}
            active={menuActive}
          />
        </Box>
      ) : null}
      {prompt ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold wrap="truncate-end">
            {prompt}
          </Text>
          <TextInput field={text} onEdit={onEdit} active={!busy} />
        </Box>
      ) : null}
      {s.problem ? <Tone color="red">{`✘ ${sanitizeLine(s.problem)}`}</Tone> : null}
      {m.kind === 'decide' ? <AppliedRepins repins={repins} /> : null}
      {busy ? <Busy label={busy} /> : null}
      <ErrorLines text={error === dismissed ? undefined : error} />
    </ScreenFrame>
  );
}
