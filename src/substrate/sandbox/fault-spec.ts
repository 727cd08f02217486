import { z } from 'zod';
import { GatewalkError } from '../../errors.js';
import type { SandboxFault } from './faults.js';

// GATEWALK_SANDBOX_FAULTS lets an operator rehearse how a phase behaves when AWS misbehaves
// (throttled, denied, expired, slow) without writing a test: a JSON list of faults.

const Scope = {
  service: z.enum(['sts', 'iam', 'ssm', 'ec2']).optional(),
  action: z.string().min(1).optional(),
  times: z.number().int().positive().optional(),
};
const Fault = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...Scope }).strict(),
  z.object({ kind: z.literal('throttling'), ...Scope }).strict(),
  z.object({ kind: z.literal('server-error'), status: z.union([z.literal(500), z.literal(503)]).optional(), ...Scope }).strict(),
  z.object({ kind: z.literal('access-denied'), ...Scope }).strict(),
  z.object({ kind: z.literal('expired-token'), ...Scope }).strict(),
]);

export const FAULTS_ENV = 'GATEWALK_SANDBOX_FAULTS';

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
  const result = z.array(Fault).safeParse(parsed);
  if (!result.success) {
    const i = result.error.issues[0]!;
    throw new GatewalkError(`${FAULTS_ENV}: ${i.path.join('.') || '(top)'}: ${i.message}`, 'kinds: latency (ms), throttling, server-error, access-denied, expired-token; optional service, action, times');
  }
  return result.data as SandboxFault[];
}
