import type { CheckResult } from '../core/types.js';

// An iam.simulate check as one picture: a row per case (principal), a column per resource × action
// pair, each cell the decision AWS simulated, marked where it differs from the case's expectation.
// Both faces draw it from the cells the gate puts in each result's details.

export type CellDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export interface GridCell {
  decision: CellDecision;
  /** The case expected something else here. */
  differs: boolean;
}

export interface GridColumn {
  resource: string;
  action: string;
}

export interface GridRow {
  label: string;
  principal: string;
  expect: string;
  status: CheckResult['status'];
  /** One per column; undefined where this case did not ask (another case's resources). */
  cells: Array<GridCell | undefined>;
  allowed: number;
  total: number;
}

export interface IamGrid {
  check: string;
  columns: GridColumn[];
  rows: GridRow[];
  /** Columns differ only by resource (one action), only by action (one resource), or by both. */
  axis: 'resource' | 'action' | 'both';
}

export const DECISION_STYLE: Record<CellDecision, { glyph: string; word: string; color: 'green' | 'yellow' | 'red' }> = {
  allowed: { glyph: '✔', word: 'allowed', color: 'green' },
  implicitDeny: { glyph: '○', word: 'implicit deny', color: 'yellow' },
  explicitDeny: { glyph: '✘', word: 'explicit deny', color: 'red' },
};

interface RawCell {
  action: string;
  resource: string;
  decision: string;
}

const cellsOf = (r: CheckResult): RawCell[] | undefined => {
  const cells = r.details?.cells;
  return Array.isArray(cells) ? (cells as RawCell[]) : undefined;
};

const matches = (expect: string, decision: string) => (expect === 'denied' ? decision !== 'allowed' : decision === expect);
const asDecision = (d: string): CellDecision => (d === 'allowed' || d === 'explicitDeny' ? d : 'implicitDeny');

/** The grid of one iam.simulate check's results; undefined when none carries cells. */
export function iamGrid(check: string, results: readonly CheckResult[]): IamGrid | undefined {
  const withCells = results.filter((r) => r.gate === 'iam.simulate' && cellsOf(r));
  if (!withCells.length) return undefined;
  const columns: GridColumn[] = [];
  const index = new Map<string, number>();
  const key = (c: { resource: string; action: string }) => `${c.resource}\u0000${c.action}`;
  for (const r of withCells)
    for (const c of cellsOf(r)!)
      if (!index.has(key(c))) {
        index.set(key(c), columns.length);
        columns.push({ resource: c.resource, action: c.action });
      }
  const rows = withCells.map((r): GridRow => {
    const expect = String(r.details?.expect ?? 'allowed');
    const cells: Array<GridCell | undefined> = Array.from({ length: columns.length }, () => undefined);
    for (const c of cellsOf(r)!) cells[index.get(key(c))!] = { decision: asDecision(c.decision), differs: !matches(expect, c.decision) };
    const asked = cells.filter((c): c is GridCell => !!c);
    return {
      label: String(r.details?.label ?? r.resource),
      principal: r.resource,
      expect,
      status: r.status,
      cells,
      allowed: asked.filter((c) => c.decision === 'allowed').length,
      total: asked.length,
    };
  });
  const actions = new Set(columns.map((c) => c.action)).size;
  const resources = new Set(columns.map((c) => c.resource)).size;
  return { check, columns, rows, axis: actions === 1 ? 'resource' : resources === 1 ? 'action' : 'both' };
}

/** What a column header names: the part that differs between columns, shortened from the left. */
export function columnName(grid: IamGrid, c: GridColumn): string {
  const resource = c.resource.replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/, '');
  if (grid.axis === 'resource') return resource;
  if (grid.axis === 'action') return c.action;
  return `${c.action} on ${resource}`;
}

export const cellText = (c: GridCell | undefined) =>
  !c ? ' · ' : c.differs ? `[${DECISION_STYLE[c.decision].glyph}]` : ` ${DECISION_STYLE[c.decision].glyph} `;

export const GRID_LEGEND = '✔ allowed  ○ implicit deny  ✘ explicit deny  [ ] differs from the expectation  · not asked';

/** The grid as plain text (no colour): for the headless report of a failing matrix. */
export function iamGridText(grid: IamGrid, sanitize: (s: string) => string): string[] {
  const width = Math.min(28, Math.max(...grid.rows.map((r) => r.label.length), 4));
  const numbers = grid.columns
    .map((_, i) =>
      String(i + 1)
        .padStart(2)
        .padEnd(3),
    )
    .join('');
  const lines = [`${''.padEnd(width)}  ${numbers}`];
  for (const r of grid.rows) {
    const label = sanitize(r.label).slice(0, width).padEnd(width);
    lines.push(`${label}  ${r.cells.map(cellText).join('')}  ${r.allowed}/${r.total} allowed, expected ${r.expect}`);
  }
  grid.columns.forEach((c, i) => lines.push(`${String(i + 1).padStart(3)}  ${sanitize(columnName(grid, c))}`));
  lines.push(GRID_LEGEND);
  return lines;
}

/** The grids of the iam.simulate checks that failed, in check order. */
export function failingGrids(results: readonly CheckResult[]): IamGrid[] {
  return simulateGrids(results, (r) => r.status === 'fail');
}

/** The grids of the iam.simulate checks with a result `keep` accepts (default: every one), in check order. */
export function simulateGrids(results: readonly CheckResult[], keep: (r: CheckResult) => boolean = () => true): IamGrid[] {
  const ids = [...new Set(results.filter((r) => r.gate === 'iam.simulate' && keep(r)).map((r) => r.id))];
  return ids.flatMap(
    (id) =>
      iamGrid(
        id,
        results.filter((r) => r.id === id),
      ) ?? [],
  );
}
