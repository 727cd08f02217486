import * as z from './zod-mini.js';
import { SNAPSHOT_NAME, SNAPSHOT_NAME_RULE } from './file-names.js';

// Shape of runbooks/<program>.yaml. Gate params are validated by each gate's own schema
// (src/gates/*), and cross references (handles, requires, blocker codes) in validate-program.ts.

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const Check = z.strictObject({
  id: z.string().check(z.regex(ID)),
  gate: z.string().check(z.minLength(1), z.describe('a gate kind from src/gates/index.ts')),
  title: z.optional(z.string()),
  params: z._default(z.record(z.string(), z.unknown()), {}),
  blocker: z.optional(z.string()).check(z.describe('code from the program `blockers` table raised when this check is not pass')),
});
export type Check = z.infer<typeof Check>;

export const Step = z.strictObject({
  id: z.string().check(z.regex(ID)),
  title: z.string().check(z.minLength(1)),
  guidance: z._default(z.string(), ''),
  checks: z.array(Check).check(z.minLength(1)),
});
export type Step = z.infer<typeof Step>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A named figure the sealed snapshot carries for the program's own consumers (seed "key snapshot"). */
export const KeyFigure = z
  .strictObject({
    name: z
      .string()
      .check(
        z.regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'dotted words, e.g. checks.iam_simulation.app_role_allowed_count'),
        z.describe('the name consumers read it by'),
      ),
    check: z.optional(z.string().check(z.regex(ID))).check(z.describe('a check of this phase whose result carries the figure')),
    where: z
      .optional(z.record(z.string().check(z.startsWith('/')), Scalar))
      .check(z.describe('JSON pointer into a result → the value it must have; picks exactly one result of the check')),
    pointer: z
      .optional(z.string().check(z.startsWith('/')))
      .check(z.describe('JSON pointer into the picked result (with check) or into the verdict')),
    value: z.optional(Scalar).check(z.describe('a declared value; ${HANDLE} references are resolved from the registry')),
  })
  .check(
    z.refine((f) => (f.value === undefined) !== (f.pointer === undefined), 'give exactly one of value or pointer'),
    z.refine((f) => f.where === undefined || f.check !== undefined, 'where picks a result of a check: give check too'),
  );
export type KeyFigure = z.infer<typeof KeyFigure>;

/**
 * Where a phase's verdict is sealed. `evidence_root`: a new `<evidence_dir>/<stamp>/` folder holding
 * the snapshot, vouched for by its logbook record. `logbook`: a docs-only phase (the seed's M0 writes
 * no runtime root): the `verdict.sealed` record carries the whole verdict and is the seal.
 */
export const SEALED_IN = ['evidence_root', 'logbook'] as const;

export const Phase = z.strictObject({
  id: z.string().check(z.regex(ID)),
  title: z.string().check(z.minLength(1)),
  requires: z._default(z.array(z.string()), []),
  sealed_in: z
    .optional(z.enum(SEALED_IN))
    .check(
      z.describe(
        'where the verdict is sealed: a new evidence root (evidence_dir/<stamp>/snapshot, the default), or the logbook alone (a docs-only phase)',
      ),
    ),
  evidence_dir: z
    .optional(z.string().check(z.regex(/^[a-z0-9_]+$/)))
    .check(z.describe('folder under the evidence root, e.g. m4 (required unless sealed_in: logbook)')),
  snapshot: z
    .optional(z.string().check(z.regex(SNAPSHOT_NAME, `must be ${SNAPSHOT_NAME_RULE}`)))
    .check(z.describe('file name of the sealed verdict snapshot (required unless sealed_in: logbook)')),
  green_label: z.optional(z.string()).check(z.describe('verdict label written when green, e.g. ADVANCE_TO_M4')),
  key_figures: z.optional(z.array(KeyFigure)).check(z.describe('named figures the sealed snapshot carries under key_figures')),
  steps: z.array(Step).check(z.minLength(1)),
});
export type Phase = z.infer<typeof Phase>;

export const RunbookDoc = z.strictObject({
  $schema: z.optional(z.string()),
  program: z.string().check(z.regex(/^[a-z0-9_]+$/)),
  title: z.string().check(z.minLength(1)),
  env: z.string().check(z.regex(/^[a-z0-9_]+$/)),
  blockers: z._default(z.record(z.string().check(z.regex(/^[A-Z0-9][A-Z0-9-]*$/)), z.string().check(z.minLength(1))), {}),
  phases: z.array(Phase).check(z.minLength(1)),
});
export type RunbookDoc = z.infer<typeof RunbookDoc>;
