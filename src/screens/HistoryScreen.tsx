import { Box, Text } from 'ink';
import { useState } from 'react';
import { sanitizeLine } from '../core/sanitize.js';
import { arcLine, itemDetails, itemHeadline, type TimelineItem } from '../engine/history-text.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize, windowOf } from '../console/components/layout.js';
import { useCursor } from '../console/state/list-cursor.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { Busy } from '../console/components/Spinner.js';
import { ErrorLines, Tone } from '../console/theme/theme.js';
import { useAsync } from '../console/hooks/use-async.js';
import { useListFilter } from '../console/hooks/use-list-filter.js';
import { NoMatch } from '../console/components/FilterBar.js';

const OFFERS: readonly Offer[] = [['up', 'select event'], 'down', ['back', 'close history']];

const tone = (i: TimelineItem) =>
  i.kind === 'verdict' ? (i.overall_pass ? 'green' : 'red') : i.kind === 'stop' || i.kind === 'abort' ? 'yellow' : undefined;

/** The columns an event's row shows, as the `/` filter matches them. */
const itemText = (i: TimelineItem) => `#${i.seq} ${sanitizeLine(i.ts).slice(0, 19).replace('T', ' ')} ${itemHeadline(i)}`;

/** A phase's story: each verdict, STOP, repin decision and attestation, and what changed between verdicts. */
export function HistoryScreen({ phaseId, load, onBack }: { phaseId: string; load: () => Promise<TimelineItem[]>; onBack: () => void }) {
  const { rows } = useBodySize();
  const items = useAsync(load);
  // The newest event is selected until the operator moves (the list loads after the first frame).
  const [moved, setMoved] = useState(false);
  const cursor = useCursor(0);
  // A new filter selects its newest match again.
  const filter = useListFilter(items.value ?? [], itemText, () => setMoved(false));
  const list = filter.items;
  const at = moved ? Math.min(cursor.index, Math.max(0, list.length - 1)) : Math.max(0, list.length - 1);
  const offers = filter.offers(OFFERS);
  useKeys(
    offers,
    (a, rest) => {
      if (filter.take(a, rest)) return true;
      if (a === 'back') return onBack();
      if (a !== 'up' && a !== 'down') return;
      if (!moved) cursor.set(at);
      setMoved(true);
      cursor.move(a === 'up' ? -1 : 1, list.length);
    },
    filter.editing,
  );
  const detailRows = 5;
  const { start, visible } = windowOf(list, at, Math.max(1, rows - 4 - detailRows));
  const picked = list[at];
  return (
    <ScreenFrame offers={offers} filter={filter}>
      <Text bold>{`History of ${sanitizeLine(phaseId)}`}</Text>
      {items.loading && !items.value ? <Busy label="verifying the logbook and reading the verdicts" /> : null}
      <ErrorLines text={items.error} />
      {items.value ? <Text wrap="wrap">{arcLine(items.value)}</Text> : null}
      <NoMatch filter={filter} noun="event" />
      {visible.map((i, k) => (
        <Text key={i.seq} wrap="truncate-end" inverse={start + k === at}>
          <Text dimColor>{`#${i.seq} ${sanitizeLine(i.ts).slice(0, 19).replace('T', ' ')} `}</Text>
          <Tone color={tone(i)}>{itemHeadline(i)}</Tone>
        </Text>
      ))}
      {picked ? (
        <Box flexDirection="column" height={detailRows} marginTop={1} overflow="hidden">
          {itemDetails(picked)
            .slice(0, detailRows)
            .map((d, k) => (
              <Text key={k} wrap="truncate-end">{`  ${d}`}</Text>
            ))}
        </Box>
      ) : null}
    </ScreenFrame>
  );
}
