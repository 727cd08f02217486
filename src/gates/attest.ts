import * as z from '../core/zod-mini.js';
import { defineGate } from './gate.js';

export const attest = defineGate({
  aws: false,
  kind: 'attest',
  summary: 'the operator attests pass/fail with a note (doc-only gates such as M0)',
  params: z.strictObject({ prompt: z.string().check(z.minLength(1), z.describe('what the operator attests to')) }),
  async run(ctx, params) {
    const a = ctx.attestation;
    if (!a) {
      return { results: [{ resource: 'operator', status: 'manual', reason: `awaiting attestation: ${params.prompt}` }] };
    }
    if (!a.note.trim()) {
      return { results: [{ resource: 'operator', status: 'error', reason: 'an attestation needs a note saying what was checked' }] };
    }
    return { results: [{ resource: 'operator', status: a.status, reason: `attested ${a.status}: ${a.note}` }] };
  },
});
