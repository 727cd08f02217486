import { Box, Text } from 'ink';
import { sanitizeLine } from '../core/sanitize.js';
import type { Conflict, PlannedRepin } from '../console/ports/engine-port.js';
import { describeKind, describeSource } from '../console/state/stop-state.js';
import { Tone } from '../console/theme/theme.js';

const pinned = (c: Conflict) => (c.pinned === undefined ? 'PENDING PIN' : sanitizeLine(c.pinned));

/** One line per disputed handle: its pin ⇄ what the sources offer. */
export function ConflictList({ conflicts, rows }: { conflicts: readonly Conflict[]; rows: number }) {
  const visible = conflicts.slice(0, conflicts.length > rows ? Math.max(1, rows - 1) : rows);
  const width = Math.min(26, Math.max(...conflicts.map((c) => c.handle.length))) + 2;
  return (
    <>
      {visible.map((c) => (
        <Text key={c.handle + c.kind} wrap="truncate-end">
          {'  '}
          {sanitizeLine(c.handle).padEnd(width)}
          {`${pinned(c)} ⇄ ${c.offers.map((o) => `${sanitizeLine(o.source.split(':')[0])} ${sanitizeLine(o.value)}`).join(' · ')}`}
        </Text>
      ))}
      {conflicts.length > visible.length ? (
        <Text
          dimColor
        >{`  … ${conflicts.length - visible.length} more, ${conflicts.length} conflicts in all (repin one handle: every one)`}</Text>
      ) : null}
    </>
  );
}

/** Every value a repin-all will write, before the rationale is asked: handle, old → new, source. */
export function RepinPreview({
  source,
  repins,
  scroll,
  rows,
}: {
  source: string;
  repins: readonly PlannedRepin[];
  scroll: number;
  rows: number;
}) {
  const fits = Math.max(1, Math.floor((rows - 2) / 2)); // two lines each: the handle, then the whole value
  const start = Math.min(scroll, Math.max(0, repins.length - fits));
  const visible = repins.slice(start, start + fits);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">{`Repin all from ${sanitizeLine(source)}: these ${repins.length} value(s) will be written`}</Text>
      {visible.map((r) => (
        <Box key={r.handle} flexDirection="column">
          <Text wrap="truncate-end">{`  ✎ ${sanitizeLine(r.handle)}: ${sanitizeLine(r.from)} → (${sanitizeLine(r.source)})`}</Text>
          <Text wrap="truncate-middle">{`      ${sanitizeLine(r.value)}`}</Text>
        </Box>
      ))}
      {repins.length > visible.length ? (
        <Text dimColor>{`  ${start + 1}–${start + visible.length} of ${repins.length} (↑↓ scroll)`}</Text>
      ) : null}
    </Box>
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
