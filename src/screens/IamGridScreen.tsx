import { Box, Text } from 'ink';
import { useContext, useReducer } from 'react';
import { sanitizeLine } from '../core/sanitize.js';
import type { CheckResult } from '../core/types.js';
import { cellText, columnName, DECISION_STYLE, GRID_LEGEND, simulateGrids, type GridCell, type IamGrid } from '../engine/iam-grid.js';
import type { Offer } from '../console/input/key-bindings.js';
import { useBodySize } from '../console/components/layout.js';
import { ScreenFrame, useKeys } from '../console/components/screen-frame.js';
import { CheckLabel, ThemeContext, tone } from '../console/theme/theme.js';

// An iam.simulate check as one picture: principals (cases) down, resource × action pairs across,
// each cell the simulated decision as glyph + colour, [ ] where it differs from the expectation.
// ↑↓ scroll rows and ←→ columns on small terminals; tab goes to the step's next matrix.

const OFFERS: readonly Offer[] = [['up', 'scroll rows'], 'down', 'left', 'right', 'nextGrid', ['back', 'back to the step']];
const CELL = 3;

interface View {
  grid: number;
  row: number;
  col: number;
}

type Move = { type: 'grid'; count: number } | { type: 'row' | 'col'; delta: number; max: number };

function viewReducer(v: View, a: Move): View {
  if (a.type === 'grid') return { grid: (v.grid + 1) % Math.max(1, a.count), row: 0, col: 0 };
  const next = Math.min(Math.max(0, v[a.type] + a.delta), Math.max(0, a.max));
  return { ...v, [a.type]: next };
}

/** Every iam.simulate check of a step that carries cells, in check order. */
export function stepGrids(results: readonly CheckResult[]): IamGrid[] {
  return simulateGrids(results);
}

export function IamGridScreen({ stepId, results, onBack }: { stepId: string; results: readonly CheckResult[]; onBack: () => void }) {
  const { columns, rows } = useBodySize();
  const grids = stepGrids(results);
  const [v, dispatch] = useReducer(viewReducer, { grid: 0, row: 0, col: 0 });
  const grid = grids[Math.min(v.grid, grids.length - 1)];
  const labelWidth = Math.min(24, Math.max(6, ...(grid?.rows.map((r) => r.label.length) ?? [])));
  const tally = 16; // "6/6 allowed ✔ PASS"-ish room on the right
  const fitCols = Math.max(1, Math.floor((columns - labelWidth - 2 - tally) / CELL));
  // The principals first; the column key below gets every row they leave (at least two).
  const principals = Math.min(grid?.rows.length ?? 0, Math.max(1, rows - 7));
  const keyRows = Math.min(grid?.columns.length ?? 0, fitCols, Math.max(2, rows - 5 - principals));
  const fitRows = Math.max(1, rows - 5 - keyRows);
  const cols = grid ? grid.columns.slice(v.col, v.col + fitCols) : [];
  const shownRows = grid ? grid.rows.slice(v.row, v.row + fitRows) : [];

  useKeys(OFFERS, (a) => {
    if (a === 'back') return onBack();
    if (!grid) return;
    if (a === 'nextGrid') dispatch({ type: 'grid', count: grids.length });
    if (a === 'up' || a === 'down') dispatch({ type: 'row', delta: a === 'up' ? -1 : 1, max: grid.rows.length - fitRows });
    // → also scrolls when every column fits but their key does not, so each column's key is reachable.
    if (a === 'left' || a === 'right')
      dispatch({ type: 'col', delta: a === 'left' ? -1 : 1, max: grid.columns.length - Math.min(fitCols, keyRows) });
  });

  if (!grid) {
    return (
      <ScreenFrame offers={OFFERS}>
        <Text>{`No IAM simulation with cells in ${sanitizeLine(stepId)} yet: run the step first.`}</Text>
      </ScreenFrame>
    );
  }
  const keyCut = cols.length > keyRows;
  const more = [
    grid.rows.length > shownRows.length ? `rows ${v.row + 1}–${v.row + shownRows.length} of ${grid.rows.length} (↑↓)` : '',
    grid.columns.length > cols.length ? `columns ${v.col + 1}–${v.col + cols.length} of ${grid.columns.length} (←→)` : '',
    grids.length > 1 ? `matrix ${v.grid + 1} of ${grids.length} (tab)` : '',
  ].filter(Boolean);
  return (
    <ScreenFrame offers={OFFERS}>
      <Text
        bold
        wrap="truncate-end"
      >{`IAM simulation · ${sanitizeLine(grid.check)} — principals × ${grid.axis === 'action' ? 'actions' : 'resources'}`}</Text>
      <Text dimColor wrap="truncate-end">
        {GRID_LEGEND}
      </Text>
      <Text wrap="truncate-end">
        {''.padEnd(labelWidth + 2)}
        {cols
          .map((_, i) =>
            String(v.col + i + 1)
              .padStart(2)
              .padEnd(CELL),
          )
          .join('')}
      </Text>
      {shownRows.map((r) => (
        <Text key={r.label + r.principal} wrap="truncate-end">
          {sanitizeLine(r.label)
            .slice(0, labelWidth)
            .padEnd(labelWidth + 2)}
          {r.cells.slice(v.col, v.col + fitCols).map((c, i) => (
            <Cell key={i} cell={c} />
          ))}
          {'  '}
          <CheckLabel status={r.status} />
          {`${r.allowed}/${r.total} allowed, expected ${r.expect}`}
        </Text>
      ))}
      {more.length ? <Text dimColor>{`  ${more.join(' · ')}`}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        {cols.slice(0, keyCut ? keyRows - 1 : keyRows).map((c, i) => (
          <Text
            key={c.resource + c.action}
            wrap="truncate-middle"
          >{`${String(v.col + i + 1).padStart(3)}  ${sanitizeLine(columnName(grid, c))}`}</Text>
        ))}
        {keyCut ? <Text dimColor>{`  … key of ${v.col + keyRows}–${v.col + cols.length}: → scrolls to it`}</Text> : null}
      </Box>
    </ScreenFrame>
  );
}

function Cell({ cell }: { cell: GridCell | undefined }) {
  const theme = useContext(ThemeContext);
  if (!cell) return <Text dimColor>{cellText(cell)}</Text>;
  return (
    <Text color={tone(theme, DECISION_STYLE[cell.decision].color)} inverse={cell.differs} bold={cell.differs}>
      {cellText(cell)}
    </Text>
  );
}
