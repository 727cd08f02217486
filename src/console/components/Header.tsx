import { Box, Text } from 'ink';
import { useContext } from 'react';
import { sanitizeLine } from '../../core/sanitize.js';
import { SUBSTRATE_STYLE } from '../../core/status-style.js';
import type { ConsoleInfo, OperatorIdentity } from '../ports/engine-port.js';
import { fitOperatorArn } from '../theme/text.js';
import { ThemeContext, tone } from '../theme/theme.js';

export const HEADER_ROWS = 3;

/** Always on screen: where the operator is acting, as whom, and in which phase. */
export function Header({
  info,
  operator,
  phase,
  columns,
}: {
  info: ConsoleInfo;
  operator?: OperatorIdentity;
  phase?: string;
  columns: number;
}) {
  const theme = useContext(ThemeContext);
  const account = operator && 'account' in operator ? sanitizeLine(operator.account) : '?';
  const tail = `  account ${account}`;
  const room = Math.max(8, columns - 'operator '.length - tail.length);
  const who = !operator
    ? 'asking STS…'
    : 'arn' in operator
      ? fitOperatorArn(sanitizeLine(operator.arn), room)
      : `${sanitizeLine(operator.unverified_actor ?? 'unknown')} (${sanitizeLine(operator.error)})`;
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="truncate-end">
        <Text bold>gatewalk</Text>
        {'  '}
        <Text inverse bold color={tone(theme, SUBSTRATE_STYLE[info.substrate].color)}>
          {SUBSTRATE_STYLE[info.substrate].badge}
        </Text>
        {`  env ${sanitizeLine(info.env)}  region ${sanitizeLine(info.region)}  phase `}
        <Text bold>{phase ? sanitizeLine(phase) : '—'}</Text>
        {`  ${sanitizeLine(info.program)}`}
      </Text>
      <Text wrap="truncate-end">{`operator ${who}${tail}`}</Text>
      <Text dimColor>{'─'.repeat(Math.max(0, columns))}</Text>
    </Box>
  );
}
