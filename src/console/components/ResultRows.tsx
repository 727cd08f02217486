import { Text } from 'ink';
import { memo } from 'react';
import { sanitizeLine } from '../../core/sanitize.js';
import type { CheckResult } from '../../core/types.js';
import { clipMiddle } from '../theme/text.js';
import { formatElapsed, spinnerFrame, useNow } from './Spinner.js';
import type { LiveCheck } from '../state/run-state.js';
import { CheckLabel } from '../theme/theme.js';

/** One finished result: glyph + word, resource, reason. Memoised: finished rows never re-render. */
export const ResultRow = memo(function ResultRow({ result, resourceWidth, checkWidth, selected }: { result: CheckResult; resourceWidth: number; checkWidth: number; selected: boolean }) {
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <CheckLabel status={result.status} />
      {checkWidth ? <Text dimColor>{clipMiddle(sanitizeLine(result.id), checkWidth - 2).padEnd(checkWidth)}</Text> : null}
      {clipMiddle(sanitizeLine(result.resource), resourceWidth - 2).padEnd(resourceWidth)}
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
