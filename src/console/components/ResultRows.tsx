import { Text } from 'ink';
import { memo, useContext } from 'react';
import { sanitizeLine } from '../../core/sanitize.js';
import { isBlocking, type CheckResult } from '../../core/types.js';
import { clipMiddle } from '../theme/text.js';
import { formatElapsed, spinnerFrame, useNow } from './Spinner.js';
import type { LiveCheck } from '../state/run-state.js';
import { CheckLabel, ThemeContext, tone } from '../theme/theme.js';

/**
 * One finished result: glyph + word, resource, the blocker code a blocking result raises, reason.
 * Memoised: finished rows never re-render.
 */
export const ResultRow = memo(function ResultRow({
  result,
  blocker,
  resourceWidth,
  checkWidth,
  selected,
}: {
  result: CheckResult;
  blocker?: string;
  resourceWidth: number;
  checkWidth: number;
  selected: boolean;
}) {
  const theme = useContext(ThemeContext);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <CheckLabel status={result.status} />
      {checkWidth ? <Text dimColor>{clipMiddle(sanitizeLine(result.id), checkWidth - 2).padEnd(checkWidth)}</Text> : null}
      {clipMiddle(sanitizeLine(result.resource), resourceWidth - 2).padEnd(resourceWidth)}
      {blocker && isBlocking(result.status) ? <Text bold color={tone(theme, 'red')}>{`${sanitizeLine(blocker)} `}</Text> : null}
      {sanitizeLine(result.reason)}
    </Text>
  );
});

/** Checks in flight with a spinner and their elapsed time; the only part that ticks. */
export function LiveChecks({ live }: { live: readonly LiveCheck[] }) {
  const now = useNow();
  return (
    <>
      {live.map((l) => (
        <Text key={l.check} wrap="truncate-end">
          {`${spinnerFrame(now)} ${sanitizeLine(l.check)}  `}
          <Text dimColor>{sanitizeLine(l.gate)}</Text>
          {`  ${formatElapsed(now - l.startedAt)}`}
        </Text>
      ))}
    </>
  );
}
