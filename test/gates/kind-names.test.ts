import { describe, expect, it } from 'vitest';
import { GATES } from '../../src/gates/index.js';
import { GATE_KIND_NAMES } from '../../src/gates/kind-names.js';
import { GATE_LOADERS, loadGates } from '../../src/gates/loaders.js';

describe('the three lists of gate kinds', () => {
  it('GATE_KIND_NAMES names exactly the kinds GATES holds, in the same order', () => {
    expect(GATE_KIND_NAMES).toEqual([...GATES.keys()]);
  });

  it('GATE_LOADERS loads, for each kind GATES holds, that very gate', async () => {
    expect([...GATE_LOADERS.keys()]).toEqual([...GATES.keys()]);
    for (const [kind, load] of GATE_LOADERS) expect(await load()).toBe(GATES.get(kind));
  });

  it('loadGates loads only the kinds asked, once each, and leaves unknown kinds out', async () => {
    const gates = await loadGates(['iam.simulate', 'attest', 'iam.simulate', 'no.such_kind']);
    expect([...gates.keys()]).toEqual(['iam.simulate', 'attest']);
    expect(gates.get('attest')).toBe(GATES.get('attest'));
  });
});
