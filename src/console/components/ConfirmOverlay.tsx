import { Box, Text } from 'ink';
import { useKeyHandler } from '../input/input-router.js';
import { BINDINGS } from '../input/key-bindings.js';
import { useBodySize } from './layout.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize.js';

/** A yes/no question that holds the keyboard until answered. */
export function ConfirmOverlay({ title, detail, onYes, onNo }: { title: string; detail: string; onYes: () => void; onNo: () => void }) {
  const { columns, rows } = useBodySize();
  useKeyHandler((input, key) => {
    if (BINDINGS.yes.match(input, key)) onYes();
    else if (BINDINGS.no.match(input, key)) onNo();
  });
  return (
    <Box flexDirection="column" width={columns} height={rows + 2} borderStyle="double" paddingX={1}>
      <Text bold wrap="truncate-end">
        {sanitizeLine(title)}
      </Text>
      <Text>{sanitizeText(detail)}</Text>
      <Text> </Text>
      <Text>
        <Text bold>y</Text> yes <Text bold>n</Text>/<Text bold>esc</Text> no
      </Text>
    </Box>
  );
}
