import { afterAll, beforeAll, beforeEach } from 'vitest';
import { applySandboxChange, resetSandbox } from '../../src/substrate/sandbox/index.js';
import { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from '../../src/substrate/sandbox/index.js';
import type { GateContext, ResolvedRegistry } from '../../src/core/context.js';
import { loadProgram } from '../../src/load/load-program.js';
import { readTerraformValues } from '../../src/engine/terraform.js';
import { openSubstrate } from '../../src/substrate/open-substrate.js';
import { createAwsClients } from '../../src/substrate/aws-clients.js';
import { ENV, SANDBOX_REGION, startHarness, type Harness } from '../substrate/sandbox/helpers.js';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from '../substrate/sandbox/helpers.js';

export interface GateHarness extends Harness {
  /** A fresh context on the current sandbox state; `registry` may be edited per test. */
  context(over?: Partial<GateContext>): Promise<GateContext>;
  registry: ResolvedRegistry;
  apply(change: string): Promise<void>;
}

/** Sandbox + real SDK clients (one retry, so fault tests stay fast) + the shipped registry. */
export async function gateHarness(): Promise<GateHarness> {
  const h = await startHarness();
  await cp(path.join(REPO, 'runbooks'), path.join(h.root, 'runbooks'), { recursive: true });
  const program = await loadProgram({ root: h.root, env: ENV });
  const ws = (await openSubstrate({ root: h.root, env: ENV, substrate: 'sandbox' })).workspace(program.registry.doc);
  const clients = createAwsClients({
    endpoint: h.server.endpoint,
    region: SANDBOX_REGION,
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    maxAttempts: 2,
  });
  return {
    ...h,
    registry: program.resolved,
    apply: async (change) => void (await applySandboxChange(h.root, ENV, change)),
    context: async (over = {}) => ({
      substrate: 'sandbox',
      clients,
      registry: program.resolved,
      terraform: await readTerraformValues(ws.terraformPaths),
      evidenceRoot: ws.evidenceRoot,
      clock: { now: () => new Date() },
      signal: new AbortController().signal,
      phaseHandles: [],
      memo: new Map(),
      ...over,
    }),
  };
}

/** The registry after the operator repinned every lane role to the ARN Terraform offers. */
export function repinnedRegistry(reg: ResolvedRegistry, terraform: Record<string, Record<string, unknown>>): ResolvedRegistry {
  const handles = Object.fromEntries(
    Object.entries(reg.handles).map(([name, h]) => {
      const offered = h.terraform ? terraform[h.terraform.source]?.[h.terraform.output] : undefined;
      return [name, h.pending && typeof offered === 'string' ? { ...h, pending: undefined, value: offered } : h];
    }),
  );
  return { ...reg, handles };
}

/**
 * One harness per test file, every test starting from the scenario as shipped with no faults
 * injected (no test sees another's applied change). The returned object forwards to the harness
 * once `beforeAll` has made it.
 */
export function useFreshGateHarness(): GateHarness {
  let current: GateHarness | undefined;
  beforeAll(async () => {
    current = await gateHarness();
  });
  afterAll(() => current?.close());
  beforeEach(async () => {
    current!.server.clearFaults();
    await resetSandbox(current!.root, ENV);
  });
  return new Proxy({} as GateHarness, { get: (_t, key) => (current as unknown as Record<PropertyKey, unknown>)[key] });
}
