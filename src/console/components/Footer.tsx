import { Box, Text } from 'ink';
import { Fragment } from 'react';
import { GLOBAL_OFFERS, hintsFor, type Offer } from '../input/key-bindings.js';
import type { ListFilter } from '../hooks/use-list-filter.js';
import { FilterBar } from './FilterBar.js';

export const FOOTER_ROWS = 3;

type Hint = { keys: string; label: string };

/** Hints packed greedily into lines of `width` columns, never splitting one hint. */
export function packHints(hints: readonly Hint[], width: number, maxLines: number): Hint[][] {
  const lines: Hint[][] = [[]];
  let used = 0;
  for (const h of hints) {
    const w = h.keys.length + 1 + h.label.length + 2;
    if (used + w > width + 2 && lines.at(-1)!.length && lines.length < maxLines) {
      lines.push([]);
      used = 0;
    }
    lines.at(-1)!.push(h);
    used += w;
  }
  return lines;
}

/** The keys that work right now, generated from the bindings table. */
export function Footer({
  offers,
  typing,
  columns,
  filter,
}: {
  offers: readonly Offer[];
  typing: boolean;
  columns: number;
  /** A list filter open or in effect takes the rule's place. */
  filter?: ListFilter<unknown>;
}) {
  const lines = packHints(hintsFor(typing ? offers : [...offers, ...GLOBAL_OFFERS], typing), columns, FOOTER_ROWS - 1);
  return (
    <Box flexDirection="column" width={columns} height={FOOTER_ROWS}>
      {filter && (filter.editing || filter.query) ? (
        <FilterBar filter={filter} columns={columns} />
      ) : (
        <Text dimColor>{'─'.repeat(Math.max(0, columns))}</Text>
      )}
      {lines.map((line, n) => (
        <Text key={n} wrap="truncate-end">
          {line.map((h, i) => (
            <Fragment key={h.keys + h.label}>
              {i > 0 ? '  ' : ''}
              <Text bold>{h.keys}</Text>
              {` ${h.label}`}
            </Fragment>
          ))}
        </Text>
      ))}
    </Box>
  );
}
