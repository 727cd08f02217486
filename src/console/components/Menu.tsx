import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { createContext, useContext, useRef, useState } from 'react';
import type { ColorToken } from '../../core/status-style.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { useKeyHandler } from '../input/input-router.js';
import { menuKeys } from '../input/key-bindings.js';
import { KeyScope } from './screen-frame.js';
import { ThemeContext, tone } from '../theme/theme.js';

// A pick-one list drawn by ink-select-input with the house indicator and item.
//
// ink-select-input reads keys through its own useInput, whose handler closes over the highlighted
// index and is re-subscribed in a passive effect: keys written back to back (j j enter in one
// tick: a fast typist, a paste, a script) reach a handler that has not seen the previous key, so
// moves are lost and enter picks a stale item. Here the console's input router (one stdin
// subscription, handlers refreshed in layout effects) owns the keys and keeps the cursor in a ref,
// so every key counts against the latest position; SelectInput is told the cursor as its initial
// index (remounted when it moves) and only draws, with `limit` scrolling long lists.

export interface MenuItem<V> {
  label: string;
  value: V;
  /** A dimmed note after the label ("9 handles"). */
  hint?: string;
  color?: ColorToken;
}

interface Drawn {
  items: ReadonlyArray<MenuItem<unknown>>;
  active: boolean;
  numbered: boolean;
}

const DrawnContext = createContext<Drawn>({ items: [], active: true, numbered: false });

export function Menu<V>({
  items,
  onSelect,
  onHighlight,
  active = true,
  limit,
  title,
  arrowsOnly = false,
}: {
  items: ReadonlyArray<MenuItem<V>>;
  onSelect: (value: V, index: number) => void;
  onHighlight?: (value: V, index: number) => void;
  active?: boolean;
  /** Rows to show at most; the rest scroll with the cursor. */
  limit?: number;
  title?: string;
  /** Beside a text field: only ↑↓ move it (letters and digits are text, enter belongs to the form). */
  arrowsOnly?: boolean;
}) {
  const scope = useContext(KeyScope);
  const cursorRef = useRef(0);
  const [cursor, setCursor] = useState(0);
  const at = Math.min(cursor, Math.max(0, items.length - 1));
  const moveTo = (i: number) => {
    cursorRef.current = i;
    setCursor(i);
    if (items[i]) onHighlight?.(items[i].value, i);
  };
  useKeyHandler((input, key) => {
    if (arrowsOnly && !key.upArrow && !key.downArrow) return;
    for (const k of menuKeys(input, key)) {
      const here = Math.min(cursorRef.current, items.length - 1);
      if (k === 'up') moveTo(Math.max(0, here - 1));
      else if (k === 'down') moveTo(Math.min(items.length - 1, here + 1));
      else if (k === 'select' && items[here]) onSelect(items[here].value, here);
      else if (typeof k === 'number' && items[k]) {
        moveTo(k);
        onSelect(items[k].value, k);
      }
    }
  }, active && scope.active);

  const shown = limit && items.length > limit ? Math.max(1, limit) : items.length;
  return (
    <Box flexDirection="column">
      {title ? (
        <Text bold wrap="truncate-end">
          {sanitizeLine(title)}
        </Text>
      ) : null}
      <DrawnContext.Provider value={{ items, active, numbered: items.length <= 9 && !arrowsOnly }}>
        <SelectInput
          key={`${at}/${items.length}`}
          items={items.map((item, i) => ({ key: `${i}`, label: item.label, value: i }))}
          initialIndex={at}
          limit={shown}
          isFocused={false}
          indicatorComponent={Indicator}
          itemComponent={Item as (p: { isSelected?: boolean; label: string }) => React.JSX.Element}
        />
      </DrawnContext.Provider>
      {shown < items.length ? <Text dimColor>{`  … ${at + 1} of ${items.length} (↑↓)`}</Text> : null}
    </Box>
  );
}

/** `›` on the highlighted row. */
function Indicator({ isSelected = false }: { isSelected?: boolean }) {
  const { active } = useContext(DrawnContext);
  return <Text bold={isSelected && active}>{isSelected ? '› ' : '  '}</Text>;
}

/** The row: its number (1-9 pick it directly), the label in its colour, a dimmed hint. */
function Item({ isSelected = false, value }: { isSelected?: boolean; label: string; value: number }) {
  const { items, active, numbered } = useContext(DrawnContext);
  const theme = useContext(ThemeContext);
  const item = items[value]!;
  return (
    <Text wrap="truncate-end" inverse={isSelected && active}>
      {numbered ? <Text dimColor={!isSelected}>{`${value + 1} `}</Text> : null}
      <Text color={tone(theme, item.color)}>{sanitizeLine(item.label)}</Text>
      {item.hint ? <Text dimColor>{`  ${sanitizeLine(item.hint)}`}</Text> : null}
    </Text>
  );
}
