import { Box, Text } from 'ink';
import { useReducer } from 'react';
import type { Phase } from '../core/runbook-schema.js';
import { sanitizeLine, sanitizeText } from '../core/sanitize.js';
import { checkStyle } from '../core/status-style.js';
import type { Attestation } from '../console/ports/engine-port.js';
import type { Offer } from '../console/input/key-bindings.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { Busy } from '../console/components/Spinner.js';
import { TextInput, useTextField } from '../console/components/TextInput.js';
import { ErrorLines, Tone } from '../console/theme/theme.js';
import { Menu, type MenuItem } from '../console/components/Menu.js';
import { reflow } from '../console/theme/text.js';

const OFFERS: readonly Offer[] = ['toggle', ['select', 'record attestation'], ['back', 'cancel']];

interface AttestState {
  status: Attestation['status'];
  problem?: string;
}

type AttestAction = { type: 'status'; status: Attestation['status'] } | { type: 'edited' } | { type: 'problem'; problem: string };

const CHOICES: Array<MenuItem<Attestation['status']>> = (['pass', 'fail'] as const).map((status) => ({
  label: `${checkStyle(status).glyph} ${checkStyle(status).word}`,
  value: status,
  color: checkStyle(status).color,
  hint: status === 'pass' ? 'what is asked holds' : 'it does not: the step stays red',
}));

export function attestReducer(s: AttestState, a: AttestAction): AttestState {
  if (a.type === 'status') return { ...s, status: a.status };
  if (a.type === 'edited') return { ...s, problem: undefined };
  return { ...s, problem: a.problem };
}

export interface AttestProps {
  phase: Phase;
  stepId: string;
  busy?: string;
  error?: string;
  onSubmit: (a: Attestation) => void;
  onCancel: () => void;
}

/** A manual gate: the operator attests pass or fail, and must say what they checked. */
export function AttestScreen({ phase, stepId, busy, error, onSubmit, onCancel }: AttestProps) {
  const step = phase.steps.find((s) => s.id === stepId)!;
  const prompts = step.checks
    .filter((c) => c.gate === 'attest')
    .map((c) => sanitizeText(String(c.params.prompt ?? c.title ?? c.id)).trim());
  // What the step asks the operator to look at, and a hint that belongs to this step, not another.
  const guidance = reflow(step.guidance);
  const placeholder = `e.g. what you checked for “${sanitizeLine(step.title)}”, and where`;
  const [s, dispatch] = useReducer(attestReducer, { status: 'pass' });
  const note = useTextField();
  useKeys(
    OFFERS,
    (a) => {
      if (busy) return; // ↑↓ (toggle) belong to the pass/fail menu
      if (a === 'back') onCancel();
      if (a === 'select') {
        const text = note.current().trim();
        if (!text) return dispatch({ type: 'problem', problem: 'a note is required: say what you checked and where' });
        onSubmit({ status: s.status, note: text });
      }
    },
    true,
  );
  return (
    <ScreenFrame offers={OFFERS} typing>
      <Text bold wrap="truncate-end">{`Attest ${sanitizeLine(phase.id)} · ${sanitizeLine(step.id)} — ${sanitizeLine(step.title)}`}</Text>
      {guidance ? (
        <Box height={Math.min(6, guidance.split('\n').length + 2)} overflow="hidden" marginTop={1}>
          <Text dimColor>{guidance}</Text>
        </Box>
      ) : null}
      <Box flexDirection="column" marginY={1}>
        {prompts.map((p) => (
          <Text key={p}>{`“${p}”`}</Text>
        ))}
      </Box>
      <Menu
        title="Your attestation:"
        items={CHOICES}
        arrowsOnly
        active={!busy}
        onSelect={() => {}}
        onHighlight={(status) => dispatch({ type: 'status', status })}
      />
      <Text> </Text>
      <Text>Note (required: what did you check?)</Text>
      <TextInput field={note} onEdit={() => dispatch({ type: 'edited' })} placeholder={placeholder} active={!busy} />
      {s.problem ? <Tone color="red">{s.problem}</Tone> : null}
      {busy ? <Busy label={busy} /> : null}
      <ErrorLines text={error} />
    </ScreenFrame>
  );
}
