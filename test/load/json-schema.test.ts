import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { overlayJsonSchema, registryJsonSchema, runbookJsonSchema, schemaFiles } from '../../src/load/json-schema.js';

// The JSON Schemas editors use are generated; these tests keep the committed copies fresh and
// prove the shipped YAML is valid under them (re-read as zod via z.fromJSONSchema: no ajv needed).

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const yaml = (p: string) => parse(readFileSync(repo(p), 'utf8')) as Record<string, any>;
const validator = (schema: Record<string, unknown>) => z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);

describe('exported JSON Schemas', () => {
  it('match the committed files in schemas/ (run `node scripts/export-schemas.mjs` after a schema change)', () => {
    for (const [name, text] of Object.entries(schemaFiles())) {
      expect(readFileSync(repo(`schemas/${name}`), 'utf8'), `schemas/${name} is stale`).toBe(text);
    }
  });

  it('are the schemas the shipped YAML files point at', () => {
    expect(readFileSync(repo('registry/dev_min.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schemas\/registry\.schema\.json\n/,
    );
    expect(readFileSync(repo('runbooks/dev_min_spine_green_v0.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schemas\/runbook\.schema\.json\n/,
    );
  });

  it('accept the shipped registry and runbook', () => {
    expect(validator(registryJsonSchema()).safeParse(yaml('registry/dev_min.yaml')).error).toBeUndefined();
    expect(validator(runbookJsonSchema()).safeParse(yaml('runbooks/dev_min_spine_green_v0.yaml')).error).toBeUndefined();
    const overlay = { authority: { self: 'platform_build_plan' }, handles: { REGION: { kind: 'region', value: 'eu-west-2' } } };
    expect(validator(overlayJsonSchema()).safeParse(overlay).error).toBeUndefined();
  });

  it('check params by gate kind, letting ${HANDLE} stand for a pattern-checked value', () => {
    const runbook = validator(runbookJsonSchema());
    const real = yaml('runbooks/dev_min_spine_green_v0.yaml');
    const withCheck = (check: Record<string, unknown>) => {
      const copy = structuredClone(real);
      copy.phases[0].steps[0].checks[0] = { id: 'c', ...check };
      return runbook.safeParse(copy).success;
    };
    expect(withCheck({ gate: 'sts.identity', params: { account: '${ACCOUNT_ID}' } })).toBe(true);
    expect(withCheck({ gate: 'sts.identity', params: { account: '111122223333' } })).toBe(true);
    expect(withCheck({ gate: 'sts.identity', params: { account: '1111' } })).toBe(false);
    expect(withCheck({ gate: 'sts.identity', params: { handles: ['ROLE_*'] } })).toBe(false);
    expect(withCheck({ gate: 'registry.resolved' })).toBe(true); // every param has a default
    expect(withCheck({ gate: 'attest' })).toBe(false);
    expect(withCheck({ gate: 'no.such_gate', params: {} })).toBe(false);
    expect(
      withCheck({
        gate: 'iam.simulate',
        params: { actions: ['ssm:GetParameter'], resources: ['x'], cases: [{ principal: '${ROLE_IG}', expect: 'allow' }] },
      }),
    ).toBe(false);
  });

  it('reject handle names the loader rejects', () => {
    const registry = yaml('registry/dev_min.yaml');
    expect(
      validator(registryJsonSchema()).safeParse({ ...registry, handles: { lower_case: { kind: 'string', value: 'x' } } }).success,
    ).toBe(false);
  });
});
