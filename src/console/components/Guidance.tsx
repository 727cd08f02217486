import { Box, Text } from 'ink';
import { useState } from 'react';
import wrapAnsi from 'wrap-ansi';
import type { Action, Offer } from '../input/key-bindings.js';

// A step's guidance is often longer than the rows a screen can give it. Collapsed, it shows what
// fits and says how much is left; `m` (tab where letters are text) opens it whole on the screen's
// body, scrolled with ↑↓, and closes it again.

export interface GuidanceView {
  /** The text wrapped to the body's width, one terminal row each. */
  lines: string[];
  expanded: boolean;
  /** First row shown while expanded. */
  offset: number;
  toggle(): void;
  /** Moves the expanded view by `delta` rows, `rows` of them shown. */
  scroll(delta: number, rows: number): void;
  /** An action while the guidance is open on a body of `rows` rows: ↑↓ scroll, m/tab or esc close. */
  keys(action: Action, rows: number): void;
}

/** The keys while the guidance is open. */
export const GUIDANCE_OFFERS: readonly Offer[] = [['up', 'scroll'], 'down', ['more', 'close guidance'], ['back', 'close guidance']];

/** Sanitized, reflowed text (see `reflow`) wrapped to `columns`. */
export function wrapLines(text: string, columns: number): string[] {
  if (!text) return [];
  return text.split('\n').flatMap((p) => {
    // A paragraph's indent (a table row's) carries over to its wrapped rows; the break's spaces do not.
    const indent = /^ */.exec(p)![0].slice(0, Math.max(0, columns - 8));
    return wrapAnsi(p.slice(indent.length), Math.max(8, columns - indent.length), { hard: true, trim: true })
      .split('\n')
      .map((l) => indent + l);
  });
}

export function useGuidance(text: string, columns: number): GuidanceView {
  const [expanded, setExpanded] = useState(false);
  const [offset, setOffset] = useState(0);
  const lines = wrapLines(text, columns);
  const toggle = () => {
    setExpanded((e) => !e);
    setOffset(0);
  };
  const scroll = (delta: number, rows: number) => setOffset((o) => Math.max(0, Math.min(o + delta, lines.length - pageRows(rows))));
  return {
    lines,
    expanded,
    offset,
    toggle,
    scroll,
    keys(action, rows) {
      if (action === 'up' || action === 'down') scroll(action === 'up' ? -1 : 1, rows);
      if (action === 'more' || action === 'back') toggle();
    },
  };
}

/** At most `rows` rows of the guidance; when it does not fit, the last row says how much more there is. */
export function GuidanceBox({
  lines,
  rows,
  dim = true,
  keyName = 'm',
  total = lines.length,
}: {
  lines: readonly string[];
  rows: number;
  dim?: boolean;
  keyName?: string;
  /** Rows the whole text takes when open (more than `lines` when the open page says more). */
  total?: number;
}) {
  const cut = lines.length > rows;
  const shown = cut ? lines.slice(0, Math.max(0, rows - 1)) : lines;
  return (
    <Box flexDirection="column" height={Math.min(rows, lines.length)} overflow="hidden">
      {shown.map((l, i) => (
        <Text key={i} dimColor={dim} wrap="truncate-end">
          {l || ' '}
        </Text>
      ))}
      {cut ? <Text wrap="truncate-end">{`  … ${total - shown.length} more line(s): ${keyName} reads it all`}</Text> : null}
    </Box>
  );
}

/** Rows of guidance the open page shows on a body of `rows` (its title and position line take two). */
const pageRows = (rows: number) => Math.max(1, rows - 2);

/** The guidance open on the whole body: `rows` rows from the view's offset, and where they are. */
export function GuidancePage({ view, title, rows }: { view: GuidanceView; title: string; rows: number }) {
  const height = pageRows(rows);
  const shown = view.lines.slice(view.offset, view.offset + height);
  const end = Math.min(view.lines.length, view.offset + height);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <Box flexDirection="column" height={height} overflow="hidden">
        {shown.map((l, i) => (
          <Text key={i} wrap="truncate-end">
            {l || ' '}
          </Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {view.lines.length > height
          ? `  lines ${view.offset + 1}–${end} of ${view.lines.length} (↑↓)`
          : `  all ${view.lines.length} line(s)`}
      </Text>
    </Box>
  );
}
