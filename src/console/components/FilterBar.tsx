import { Box, Text } from 'ink';
import { sanitizeLine } from '../../core/sanitize.js';
import type { ListFilter } from '../hooks/use-list-filter.js';
import { TextInput } from './TextInput.js';

/** The footer's rule while a filter is open or in effect: `/roles▏  3 of 12` or `filter /roles · 3 of 12`. */
export function FilterBar({ filter, columns }: { filter: ListFilter<unknown>; columns: number }) {
  const count = `  ${filter.items.length} of ${filter.total} ${filter.editing ? '· enter keeps · esc clears ' : '· esc clears '}`;
  if (filter.editing)
    return (
      <Box width={columns} height={1} overflow="hidden">
        <TextInput field={filter.field} prompt="/" onEdit={filter.onEdit} />
        <Text dimColor wrap="truncate-end">
          {count + '─'.repeat(columns)}
        </Text>
      </Box>
    );
  return (
    <Text wrap="truncate-end">
      <Text bold>{`filter /${sanitizeLine(filter.query)}`}</Text>
      <Text dimColor>{count + '─'.repeat(columns)}</Text>
    </Text>
  );
}

/** Said in place of the rows when a filter in effect matches none of them. */
export function NoMatch({ filter, noun }: { filter: ListFilter<unknown>; noun: string }) {
  if (!filter.query || filter.items.length || !filter.total) return null;
  return (
    <Text wrap="truncate-end">{`No ${noun} matches “${sanitizeLine(filter.query)}” (${filter.total} in all) — esc clears the filter`}</Text>
  );
}
