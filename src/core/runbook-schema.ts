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

export const Phase = z
  .object({
    id: z.string().regex(ID),
    title: z.string().min(1),
    requires: z.array(z.string()).default([]),
    evidence_dir: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .describe('folder under the evidence root, e.g. m4'),
    snapshot: z.string().regex(SNAPSHOT_NAME, `must be ${SNAPSHOT_NAME_RULE}`).describe('file name of the sealed verdict snapshot'),
    green_label: z.string().optional().describe('verdict label written when green, e.g. ADVANCE_TO_M4'),
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
