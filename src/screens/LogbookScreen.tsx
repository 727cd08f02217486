import { Box, Text } from 'ink';
import { sanitizeLine } from '../core/sanitize.js';
import { checkStyle } from '../core/status-style.js';
import type { VerifyResult } from '../logbook/index.js';
import type { LogbookView } from '../console/ports/engine-port.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize, windowOf } from '../console/components/layout.js';
import { useCursor } from '../console/state/list-cursor.js';
import { summarizeRecord } from '../console/state/logbook-summary.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { Busy } from '../console/components/Spinner.js';
import { ErrorLines, StatusLabel } from '../console/theme/theme.js';
import { useAsync } from '../console/hooks/use-async.js';
import { useListFilter } from '../console/hooks/use-list-filter.js';
import { NoMatch } from '../console/components/FilterBar.js';
import type { LogbookRecord } from '../logbook/index.js';

const OFFERS: readonly Offer[] = [['up', 'select record'], 'down', ['back', 'close logbook']];

interface LogbookScreenProps {
  load: () => Promise<LogbookView>;
  /** Verifies the whole chain; runs while the newest records are already on screen. */
  verify: () => Promise<VerifyResult>;
  onBack: () => void;
}

/** The columns a record's row shows, as the `/` filter matches them. */
const recordText = (r: LogbookRecord) => `#${r.seq} ${sanitizeLine(r.ts).slice(11, 19)} ${sanitizeLine(r.kind)} ${summarizeRecord(r)}`;

/**
 * The latest decisions, newest first, and whether the hash chain still holds. The records come
 * from the end of the file at once (opening costs the same for 100 or 100k records); the chain is
 * verified meanwhile, and nothing is called verified before that verification has answered.
 */
export function LogbookScreen({ load, verify, onBack }: LogbookScreenProps) {
  const { rows } = useBodySize();
  const view = useAsync(load);
  const verified = useAsync(verify);
  const scroll = useCursor(0);
  const filter = useListFilter([...(view.value?.records ?? [])].reverse(), recordText, () => scroll.set(0));
  const records = filter.items;
  const offers = filter.offers(OFFERS);
  useKeys(
    offers,
    (a, rest) => {
      if (filter.take(a, rest)) return true;
      if (a === 'back') onBack();
      if (a === 'up') scroll.move(-1, records.length);
      if (a === 'down') scroll.move(1, records.length);
    },
    filter.editing,
  );
  const at = Math.min(scroll.index, Math.max(0, records.length - 1));
  const { start, visible } = windowOf(records, at, rows - 6);
  const picked = records[at];
  const seqWidth = String(records[0]?.seq ?? 0).length + 1;
  const chain = verified.value;
  return (
    <ScreenFrame offers={offers} filter={filter}>
      <Text bold wrap="truncate-middle">{`Logbook ${sanitizeLine(view.value?.path ?? '')}`}</Text>
      {view.loading && !view.value ? <Busy label="reading the newest records" /> : null}
      <ErrorLines text={view.error ?? view.value?.unreadable} />
      <ErrorLines text={verified.error} />
      {verified.loading ? <Busy label="verifying the hash chain (the records below are read, not yet verified)" /> : null}
      {chain ? (
        <Text wrap="truncate-end">
          <StatusLabel style={checkStyle(chain.ok ? 'pass' : 'fail')} pad={4} />
          {chain.ok
            ? ` hash chain verified: ${chain.records} record(s)`
            : ` hash chain BROKEN at line ${chain.line}: ${sanitizeLine(chain.reason)}`}
        </Text>
      ) : null}
      {view.value && !filter.total ? <Text dimColor>No decisions recorded yet.</Text> : null}
      <NoMatch filter={filter} noun="record" />
      {visible.map((r, i) => (
        <Text key={r.seq} wrap="truncate-end" inverse={start + i === at}>
          <Text dimColor>{`${`#${r.seq}`.padStart(seqWidth)} ${sanitizeLine(r.ts).slice(11, 19)} `}</Text>
          <Text bold>{sanitizeLine(r.kind).padEnd(15)}</Text>
          {summarizeRecord(r)}
        </Text>
      ))}
      {picked ? (
        <Box height={3} marginTop={1} overflow="hidden">
          <Text>{`#${picked.seq} ${sanitizeLine(picked.ts)} ${sanitizeLine(picked.kind)} by ${sanitizeLine(picked.actor)}: ${summarizeRecord(picked)}`}</Text>
        </Box>
      ) : null}
    </ScreenFrame>
  );
}
