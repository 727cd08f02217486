import { Box, Text } from 'ink';
import { useKeyHandler } from '../input/input-router.js';
import { BINDINGS, type Action } from '../input/key-bindings.js';
import { useBodySize } from './layout.js';
import type { ScreenName } from '../state/nav-state.js';

const GROUPS: Array<[string, Action[]]> = [
  ['Move', ['up', 'down', 'select', 'back']],
  ['Steps', ['rerun', 'attest', 'seal', 'conflicts', 'grid']],
  ['Menus', ['up', 'down', 'select', 'pick']],
  ['STOP', ['repinAll', 'abort']],
  ['Attest', ['toggle']],
  ['Read', ['filter', 'more']],
  ['Anywhere', ['help', 'logbook', 'quit', 'interrupt']],
];

/** `?`: every key, and how a phase walk goes. Esc or ? closes it. */
export function HelpOverlay({ screen, onClose }: { screen: ScreenName; onClose: () => void }) {
  const { columns, rows } = useBodySize();
  useKeyHandler((input, key) => {
    if (key.escape || input === '?' || input === 'q' || key.return) onClose();
  });
  return (
    <Box flexDirection="column" width={columns} height={rows + 2} overflow="hidden" borderStyle="round" paddingX={1}>
      <Text bold>{`Help — ${screen} screen   (esc or ? to close)`}</Text>
      <Text>
        Open a phase from home: its steps run one screen at a time, checks live. enter moves on only when the step is green; s seals the
        verdict now with the blockers recorded. Fixed something in another terminal? r reruns the step; if Terraform or the registry
        changed, the run restarts and STOPs. A STOP waits for a repin (with a rationale) or an abort.
      </Text>
      {GROUPS.map(([title, actions]) => (
        <Text key={title} wrap="truncate-end">
          <Text bold>{title.padEnd(9)}</Text>
          {actions.map((a) => `${BINDINGS[a].keys} ${BINDINGS[a].label}`).join(' · ')}
        </Text>
      ))}
      <Text dimColor>
        Choices are menus (STOP decision, source, value, abort confirmation, pass/fail): ↑↓ and enter, or the item’s number. While typing a
        note or rationale, letters go to the field: enter confirms, esc cancels. / filters a list (phases, steps, results, logbook,
        history): type to narrow it, enter keeps the filter, esc clears it.
      </Text>
    </Box>
  );
}
