import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewalkError } from '../../src/core/errors.js';
import { loadProgram } from '../../src/load/load-program.js';
import { fixture, problemsOf, REGISTRY, RUNBOOK, type Fixture } from './fixture.js';

let f: Fixture;
afterEach(() => f?.cleanup());

describe('loadProgram on the shipped dev_min program', () => {
  it('loads with zero problems', async () => {
    f = fixture();
    const p = await loadProgram({ root: f.root, env: 'dev_min' });
    expect(p.registry.path).toBe(`${f.root}/${REGISTRY}`);
    expect(p.runbook.path).toBe(`${f.root}/${RUNBOOK}`);
    expect(p.registry.sha256).toBe(createHash('sha256').update(f.read(REGISTRY)).digest('hex'));
    expect(p.runbook.doc.phases.map((ph) => ph.id)).toEqual(['M0', 'M1', 'M2.E', 'M2', 'M3', 'M4.C', 'M4', 'P12']);
    expect(p.resolved.env).toBe('dev_min');
    expect(p.resolved.handles.ROLE_IG).toMatchObject({ kind: 'iam_role', pending: true });
    expect(Object.keys(p.resolved.services)).toHaveLength(19);
    expect(p.overlays).toEqual([]);
    expect(p.authorityDecisions).toEqual([]);
    expect(p.sameRankConflicts).toEqual([]);
  });

  it('lists the handles each phase uses, in registry order', async () => {
    f = fixture();
    const { phaseHandles } = await loadProgram({ root: f.root, env: 'dev_min' });
    expect(phaseHandles.M0).toEqual(['ACCOUNT_ID', 'REGION', 'OPERATOR_ROLE_NAME']);
    expect(phaseHandles.M1).toEqual(['IMAGE_GIT_SHA', 'IMAGE_TAG', 'IMAGE_DIGEST', 'ECR_REPOSITORY']);
    expect(phaseHandles.M3).toEqual(['IMAGE_DIGEST', 'PLATFORM_RUN_ID']);
    // `.arn` derives from REGION and ACCOUNT_ID, so M2.E uses them too.
    expect(phaseHandles['M2.E']).toEqual([
      'ACCOUNT_ID',
      'REGION',
      'SSM_CONFLUENT_BOOTSTRAP_PATH',
      'SSM_CONFLUENT_API_KEY_PATH',
      'SSM_CONFLUENT_API_SECRET_PATH',
      'SSM_IG_API_KEY_PATH',
      'SSM_DB_USER_PATH',
      'SSM_DB_PASSWORD_PATH',
      'SSM_DB_DSN_PATH',
      'ROLE_ECS_TASK_EXECUTION',
      'ROLE_APP_RUNTIME',
    ]);
    expect(phaseHandles['M4.C']).toContain('ROLE_ENV_CONFORMANCE');
    expect(phaseHandles['M4.C']).not.toContain('SSM_DB_DSN_PATH');
  });
});

describe('finding the files', () => {
  it('names the missing registry and what to do', async () => {
    f = fixture();
    const err = await loadProgram({ root: f.root, env: 'dev_max' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewalkError);
    expect((err as GatewalkError).message).toBe('registry not found: registry/dev_max.yaml');
    expect((err as GatewalkError).tryMessage).toContain('create registry/dev_max.yaml');
  });

  it('refuses to guess between two runbooks for one env, and --program picks one', async () => {
    f = fixture();
    f.write('runbooks/other.yaml', f.read(RUNBOOK).replace('program: dev_min_spine_green_v0', 'program: other'));
    const err = (await loadProgram({ root: f.root, env: 'dev_min' }).catch((e: unknown) => e)) as GatewalkError;
    expect(err.message).toBe(
      '2 runbooks in runbooks/ have env: dev_min: runbooks/dev_min_spine_green_v0.yaml (program: dev_min_spine_green_v0, env: dev_min); ' +
        'runbooks/other.yaml (program: other, env: dev_min)',
    );
    expect(err.tryMessage).toBe('pass --program dev_min_spine_green_v0 or --program other');
    const p = await loadProgram({ root: f.root, env: 'dev_min', program: 'other' });
    expect(p.runbook.path).toBe(`${f.root}/runbooks/other.yaml`);
  });

  it('says so when no runbook is for this env', async () => {
    f = fixture();
    f.write('registry/dev_full.yaml', f.read(REGISTRY).replace('env: dev_min', 'env: dev_full'));
    const err = (await loadProgram({ root: f.root, env: 'dev_full' }).catch((e: unknown) => e)) as GatewalkError;
    expect(err.message).toBe(
      'no runbook in runbooks/ has env: dev_full; found runbooks/dev_min_spine_green_v0.yaml (program: dev_min_spine_green_v0, env: dev_min)',
    );
  });

  it('takes an explicit runbook path and still checks its env against the registry', async () => {
    f = fixture();
    f.edit(RUNBOOK, 'env: dev_min', 'env: dev_full');
    expect(await problemsOf(f.root, { runbookPath: RUNBOOK })).toEqual([
      `${f.at(RUNBOOK, 'dev_full')}: runbook env "dev_full" does not match the registry env "dev_min"`,
    ]);
  });
});
