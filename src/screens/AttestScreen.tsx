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
import { ErrorLines, errorLines, Tone } from '../console/theme/theme.js';
import { Menu, type MenuItem } from '../console/components/Menu.js';
import { reflow } from '../console/theme/text.js';
import type { AuthorityDocument } from '../console/ports/engine-port.js';
import type { CheckResult } from '../core/types.js';
import { useBodySize } from '../console/components/layout.js';
import { authorityLines } from '../console/state/authority-lines.js';
import { GUIDANCE_OFFERS, GuidanceBox, GuidancePage, useGuidance, wrapLines } from '../console/components/Guidance.js';

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
  /** The registry's authority stack: a step with a docs.pinned check shows the documents it selects. */
  authority?: readonly AuthorityDocument[];
  /** The step's results so far (what docs.pinned found in each file). */
  results?: readonly CheckResult[];
}

/** A manual gate: the operator attests pass or fail, and must say what they checked. */
export function AttestScreen({ phase, stepId, busy, error, onSubmit, onCancel, authority = [], results = [] }: AttestProps) {
  const { columns, rows } = useBodySize();
  const step = phase.steps.find((s) => s.id === stepId)!;
  const prompts = step.checks
    .filter((c) => c.gate === 'attest')
    .map((c) => sanitizeText(String(c.params.prompt ?? c.title ?? c.id)).trim());
  // What the step asks the operator to look at, and a hint that belongs to this step, not another.
  const guidance = reflow(step.guidance);
  const docs = authorityLines(step, authority, results, columns);
  // Open (tab): the guidance and the documents' paths and whole hashes; beside the form, what fits.
  const guide = useGuidance([guidance, ...(docs.full.length ? ['', ...docs.full] : [])].join('\n'), columns);
  const beside = [...wrapLines(guidance, columns), ...docs.compact];
  const placeholder = `e.g. what you checked for “${sanitizeLine(step.title)}”, and where`;
  const [s, dispatch] = useReducer(attestReducer, { status: 'pass' });
  const note = useTextField();
  const fixed = 10 + prompts.length + (s.problem ? 1 : 0) + (busy ? 1 : 0) + errorLines(error).length;
  const contextRows = Math.max(2, rows - fixed);
  // Open it when it does not fit, and always for documents (their paths and whole hashes are on the page only).
  const cut = beside.length > contextRows || docs.full.length > 0;
  const offers = guide.expanded ? GUIDANCE_OFFERS : cut ? [...OFFERS, ['more', 'guidance and documents'] as const] : OFFERS;
  useKeys(
    offers,
    (a) => {
      if (busy) return; // ↑↓ (toggle) belong to the pass/fail menu
      if (guide.expanded) return guide.keys(a, rows);
      if (a === 'more') return guide.toggle();
      if (a === 'back') onCancel();
      if (a === 'select') {
        const text = note.current().trim();
        if (!text) return dispatch({ type: 'problem', problem: 'a note is required: say what you checked and where' });
        onSubmit({ status: s.status, note: text });
      }
    },
    true,
  );
  const title = `Attest ${sanitizeLine(phase.id)} · ${sanitizeLine(step.id)} — ${sanitizeLine(step.title)}`;
  // The form stays mounted while the page is open (the menu and the note keep what was chosen and typed).
  return (
    <ScreenFrame offers={offers} typing>
      {guide.expanded ? <GuidancePage view={guide} title={title} rows={rows} /> : null}
      <Box flexDirection="column" display={guide.expanded ? 'none' : 'flex'}>
        <Text bold wrap="truncate-end">
          {title}
        </Text>
        {beside.length ? (
          <Box marginTop={1}>
            <GuidanceBox lines={beside} rows={contextRows} keyName="tab" total={guide.lines.length} />
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
          active={!busy && !guide.expanded}
          onSelect={() => {}}
          onHighlight={(status) => dispatch({ type: 'status', status })}
        />
        <Text> </Text>
        <Text>Note (required: what did you check?)</Text>
        <TextInput field={note} onEdit={() => dispatch({ type: 'edited' })} placeholder={placeholder} active={!busy && !guide.expanded} />
        {s.problem ? <Tone color="red">{s.problem}</Tone> : null}
        {busy ? <Busy label={busy} /> : null}
        <ErrorLines text={error} />
      </Box>
    </ScreenFrame>
  );
}
