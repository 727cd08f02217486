import * as z from '../../../core/zod-mini.js';
import { GatewalkError } from '../../../core/errors.js';
import { FAULTS_ENV } from './fault-env.js';
import { SandboxFaultSchema, type SandboxFault } from './faults.js';

export { FAULTS_ENV };

// GATEWALK_SANDBOX_FAULTS lets an operator rehearse how a phase behaves when AWS misbehaves
// (throttled, denied, expired, slow) without writing a test: a JSON list of faults.


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
