import { toJSONSchema } from 'zod/mini';
import * as z from '../core/zod-mini.js';
import type { AnyGate } from '../gates/gate.js';
import { GATES } from '../gates/index.js';
import { OverlayDoc, RegistryDoc } from '../core/registry-schema.js';
import { Check, Phase, RunbookDoc, Step } from '../core/runbook-schema.js';

// JSON Schema for editors (yaml-language-server), generated from the same zod schemas the loader
// uses, so completion and load-time validation cannot disagree. Draft-07: the widest editor support.
// Only `npm run schemas` and the tests load this file (never the CLI), hence toJSONSchema straight
// from zod/mini rather than through src/core/zod-mini.ts, which every command parses.

type JsonSchema = Record<string, unknown>;
const options = { io: 'input', target: 'draft-7', unrepresentable: 'any' } as const;

/** A `${HANDLE}` or `${HANDLE.attr}` reference somewhere in a string. */
const REFERENCE = '\\$\\{[A-Z][A-Z0-9_]*(\\.[a-z_]+)?\\}';

/**
 * Params are checked after interpolation, so a pattern-constrained string (an account id) may
 * be written as `${ACCOUNT_ID}` in the file: let either through, as the loader does.
 */
function allowReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowReferences);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, allowReferences(v)])) as JsonSchema;
  if (out.type === 'string' && typeof out.pattern === 'string') {
    const { description, ...rest } = out;
    return { ...(description ? { description } : {}), anyOf: [rest, { type: 'string', pattern: REFERENCE }] };
  }
  return out;
}

function document(schema: z.core.$ZodType, title: string, description: string): JsonSchema {
  const { $schema, ...rest } = toJSONSchema(schema, options) as JsonSchema;
  return { $schema, title, description, ...rest };
}

export function registryJsonSchema(): JsonSchema {
  return document(
    RegistryDoc,
    'gatewalk registry',
    'registry/<env>.yaml: env facts, authority stack, handles, services, Terraform output sources',
  );
}

export function overlayJsonSchema(): JsonSchema {
  return document(
    OverlayDoc,
    'gatewalk registry overlay',
    'another authority document that pins handles; merged into the registry by rank',
  );
}

/** The runbook with each check's `params` described by its own gate kind, chosen by `gate`. */
export function runbookJsonSchema(gates: ReadonlyMap<string, AnyGate> = GATES): JsonSchema {
  const variants = [...gates.values()].map((g) => {
    // Params that all have defaults may be left out, as the loader allows.
    const params = g.params.safeParse({}).success ? z.optional(g.params) : g.params;
    return z.extend(Check, { gate: z.literal(g.kind).check(z.describe(g.summary)), params });
  });
  const CheckByGate = z.discriminatedUnion('gate', variants as [(typeof variants)[number], ...typeof variants]);
  const StepByGate = z.extend(Step, { checks: z.array(CheckByGate).check(z.minLength(1)) });
  const PhaseByGate = z.extend(Phase, { steps: z.array(StepByGate).check(z.minLength(1)) });
  const Runbook = z.extend(RunbookDoc, { phases: z.array(PhaseByGate).check(z.minLength(1)) });
  const schema = document(
    Runbook,
    'gatewalk runbook',
    'runbooks/<program>.yaml: phases → steps → checks (gate kind + params referencing ${HANDLES})',
  );
  return allowReferencesInParams(schema) as JsonSchema;
}

/** Apply allowReferences under every `params` property only: ids and codes stay strict. */
function allowReferencesInParams(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowReferencesInParams);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if (k === 'properties' && v && typeof v === 'object' && 'params' in v) {
        const { params, ...others } = v as JsonSchema;
        return [k, { ...(allowReferencesInParams(others) as JsonSchema), params: allowReferences(params) }];
      }
      return [k, allowReferencesInParams(v)];
    }),
  );
}

/** The committed files under schemas/, exactly as written (the drift test compares these). */
export function schemaFiles(): Record<string, string> {
  const text = (s: JsonSchema) => JSON.stringify(s, null, 2) + '\n';
  return {
    'registry.schema.json': text(registryJsonSchema()),
    'overlay.schema.json': text(overlayJsonSchema()),
    'runbook.schema.json': text(runbookJsonSchema()),
  };
}
