import * as z from '../../../core/zod-mini.js';
import { GatewalkError } from '../../../core/errors.js';
import { FAULTS_ENV } from './fault-env.js';
import { SANDBOX_SERVICES } from './reply.js';

export { FAULTS_ENV };

// GATEWALK_SANDBOX_FAULTS lets an operator rehearse how a phase behaves when AWS misbehaves
// (throttled, denied, expired, slow) without writing a test: a JSON list of faults.

const Scope = {
  service: z.optional(z.enum(SANDBOX_SERVICES)),
  /** API action name as on the wire, e.g. SimulatePrincipalPolicy. */
  action: z.optional(z.string().check(z.minLength(1))),
  /** Disarm after this many matching calls (default: never). */
  times: z.optional(z.number().check(z.int(), z.positive())),
};

/** The faults the sandbox can play; the one definition of their shape (env var and tests alike). */
export const SandboxFaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().check(z.int(), z.gte(0), z.lte(600_000)), ...Scope }),
  z.strictObject({ kind: z.literal('throttling'), ...Scope }),
  z.strictObject({ kind: z.literal('server-error'), status: z.optional(z.union([z.literal(500), z.literal(503)])), ...Scope }),
  z.strictObject({ kind: z.literal('access-denied'), ...Scope }),
  z.strictObject({ kind: z.literal('expired-token'), ...Scope }),
]);

export type SandboxFault = z.infer<typeof SandboxFaultSchema>;


/** Faults from the environment, or none. A malformed value is a usage error, never ignored. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxFault[] {
  const raw = env[FAULTS_ENV];
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new GatewalkError(`${FAULTS_ENV}: not JSON (${(err as Error).message})`, `e.g. ${FAULTS_ENV}='[{"kind":"throttling","service":"iam"}]'`);
  }
  const result = z.array(SandboxFaultSchema).safeParse(parsed);
  if (!result.success) {
    const i = result.error.issues[0]!;
    throw new GatewalkError(`${FAULTS_ENV}: ${i.path.join('.') || '(top)'}: ${i.message}`, 'kinds: latency (ms), throttling, server-error, access-denied, expired-token; optional service, action, times');
  }
  return result.data;
}
