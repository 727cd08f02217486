import { z } from 'zod';
import { SNAPSHOT_NAME, SNAPSHOT_NAME_RULE } from './file-names.js';

// Shape of runbooks/<program>.yaml. Gate params are validated by each gate's own schema
// (src/gates/*), and cross references (handles, requires, blocker codes) in validate-program.ts.

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const Check = z
  .object({
    id: z.string().regex(ID),
    gate: z.string().min(1).describe('a gate kind from src/gates/index.ts'),
    title: z.string().optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    blocker: z.string().optional().describe('code from the program `blockers` table raised when this check is not pass'),
  })
  .strict();
export type Check = z.infer<typeof Check>;

export const Step = z
  .object({
    id: z.string().regex(ID),
    title: z.string().min(1),
    guidance: z.string().default(''),
    checks: z.array(Check).min(1),
  })
  .strict();
export type Step = z.infer<typeof Step>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A named figure the sealed snapshot carries for the program's own consumers (seed "key snapshot"). */
export const KeyFigure = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'dotted words, e.g. checks.iam_simulation.app_role_allowed_count')
      .describe('the name consumers read it by'),
    check: z.string().regex(ID).optional().describe('a check of this phase whose result carries the figure'),
    where: z
      .record(z.string().startsWith('/'), Scalar)
      .optional()
      .describe('JSON pointer into a result → the value it must have; picks exactly one result of the check'),
    pointer: z.string().startsWith('/').optional().describe('JSON pointer into the picked result (with check) or into the verdict'),
    value: Scalar.optional().describe('a declared value; ${HANDLE} references are resolved from the registry'),
  })
  .strict()
  .refine((f) => (f.value === undefined) !== (f.pointer === undefined), 'give exactly one of value or pointer')
  .refine((f) => f.where === undefined || f.check !== undefined, 'where picks a result of a check: give check too');
export type KeyFigure = z.infer<typeof KeyFigure>;

/**
 * Where a phase's verdict is sealed. `evidence_root`: a new `<evidence_dir>/<stamp>/` folder holding
 * the snapshot, vouched for by its logbook record. `logbook`: a docs-only phase (the seed's M0 writes
 * no runtime root): the `verdict.sealed` record carries the whole verdict and is the seal.
 */
export const SEALED_IN = ['evidence_root', 'logbook'] as const;

export const Phase = z
  .object({
    id: z.string().regex(ID),
    title: z.string().min(1),
    requires: z.array(z.string()).default([]),
    sealed_in: z
      .enum(SEALED_IN)
      .optional()
      .describe(
        'where the verdict is sealed: a new evidence root (evidence_dir/<stamp>/snapshot, the default), or the logbook alone (a docs-only phase)',
      ),
    evidence_dir: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .optional()
      .describe('folder under the evidence root, e.g. m4 (required unless sealed_in: logbook)'),
    snapshot: z
      .string()
      .regex(SNAPSHOT_NAME, `must be ${SNAPSHOT_NAME_RULE}`)
      .optional()
      .describe('file name of the sealed verdict snapshot (required unless sealed_in: logbook)'),
    green_label: z.string().optional().describe('verdict label written when green, e.g. ADVANCE_TO_M4'),
    key_figures: z.array(KeyFigure).optional().describe('named figures the sealed snapshot carries under key_figures'),
    steps: z.array(Step).min(1),
  })
  .strict();
export type Phase = z.infer<typeof Phase>;

export const RunbookDoc = z
  .object({
    $schema: z.string().optional(),
    program: z.string().regex(/^[a-z0-9_]+$/),
    title: z.string().min(1),
    env: z.string().regex(/^[a-z0-9_]+$/),
    blockers: z.record(z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/), z.string().min(1)).default({}),
    phases: z.array(Phase).min(1),
  })
  .strict();
export type RunbookDoc = z.infer<typeof RunbookDoc>;
