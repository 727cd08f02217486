import { Box, Text } from 'ink';
import { sanitizeLine } from '../core/sanitize.js';
import type { Conflict, PlannedRepin } from '../console/ports/engine-port.js';
import { windowOf } from '../console/components/layout.js';
import { describeKind, describeSource } from '../console/state/stop-state.js';
import { Tone } from '../console/theme/theme.js';

const pinned = (c: Conflict) => (c.pinned === undefined ? 'PENDING PIN' : sanitizeLine(c.pinned));

/** One line per disputed handle. */
export function ConflictList({
  conflicts,
  selected,
  rows,
  active,
}: {
  conflicts: readonly Conflict[];
  selected: number;
  rows: number;
  active: boolean;
}) {
  const { start, visible } = windowOf(conflicts, selected, rows);
  const width = Math.min(26, Math.max(...conflicts.map((c) => c.handle.length))) + 2;
  return (
    <>
      {visible.map((c, i) => (
        <Text key={c.handle + c.kind} wrap="truncate-end" inverse={active && start + i === selected}>
          {start + i === selected ? '› ' : '  '}
          {sanitizeLine(c.handle).padEnd(width)}
          {`${pinned(c)} ⇄ ${c.offers.map((o) => `${sanitizeLine(o.source.split(':')[0])} ${sanitizeLine(o.value)}`).join(' · ')}`}
        </Text>
      ))}
      {conflicts.length > visible.length ? <Text dimColor>{`  … ${conflicts.length} conflicts in all (↑↓)`}</Text> : null}
    </>
  );
}

/** Every source's value for the selected handle, with its authority. */
export function ConflictDetail({ conflict }: { conflict: Conflict }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">{`${sanitizeLine(conflict.handle)} — ${describeKind(conflict)}`}</Text>
      <Text wrap="truncate-end">{`  registry pin: ${pinned(conflict)}`}</Text>
      {conflict.offers.map((o) => (
        <Box key={o.source + o.value} flexDirection="column">
          <Text wrap="truncate-end">{`  ${sanitizeLine(describeSource(o.source, o.rank))}:`}</Text>
          <Text wrap="truncate-middle">{`    ${sanitizeLine(o.value)}`}</Text>
        </Box>
      ))}
    </Box>
  );
}

/** A pick list (offered values, sources). */
export function Choices({ title, items, cursor }: { title: string; items: readonly string[]; cursor: number }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {items.map((item, i) => (
        <Text key={item} wrap="truncate-end" inverse={i === cursor}>
          {`${i === cursor ? '› ' : '  '}${item}`}
        </Text>
      ))}
    </Box>
  );
}

/** What the last decision changed in the registry (also in the logbook and impl_actual). */
export function AppliedRepins({ repins }: { repins: readonly PlannedRepin[] }) {
  if (!repins.length) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Tone color="green">{`✔ REPINNED ${repins.length} handle(s); recorded in the logbook and impl_actual:`}</Tone>
      {repins.slice(0, 3).map((r) => (
        <Text
          key={r.handle}
          wrap="truncate-end"
        >{`  ✎ ${sanitizeLine(r.handle)}: ${sanitizeLine(r.from)} → ${sanitizeLine(r.value)} (${sanitizeLine(r.source)})`}</Text>
      ))}
      {repins.length > 3 ? <Text dimColor>{`  … and ${repins.length - 3} more (l: logbook)`}</Text> : null}
    </Box>
  );
}
