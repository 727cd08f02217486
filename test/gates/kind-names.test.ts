import { describe, expect, it } from 'vitest';
import { GATES } from '../../src/gates/index.js';
import { GATE_KIND_NAMES } from '../../src/gates/kind-names.js';

describe('GATE_KIND_NAMES', () => {
  it('names exactly the gate kinds GATES holds, in the same order', () => {
    expect(GATE_KIND_NAMES).toEqual([...GATES.keys()]);
  });
});
