import { afterEach, describe, expect, it } from 'vitest';
import { fixture, problemsOf, REGISTRY, RUNBOOK, type Fixture } from './fixture.js';

let f: Fixture;
afterEach(() => f?.cleanup());

describe('registry problems', () => {
  it('reports every shape and cross-reference problem at once, at its line and column', async () => {
    f = fixture();
    f.edit(REGISTRY, 'self: dev_min_handles_registry', 'self: dev_min_handles_registy');
    f.edit(REGISTRY, '- id: platform_impl_actual', '- id: platform_build_plan');
    f.edit(REGISTRY, 'value: "111122223333"', 'value: "11112222333"');
    f.edit(REGISTRY, '  REGION:\n    kind: region\n', '  REGION:\n    kind: region\n    colour: blue\n');
    f.edit(REGISTRY, 'PLATFORM_RUN_ID:\n    kind: string\n    value: platform_20260213T214223Z', 'PLATFORM_RUN_ID:\n    kind: string');
    f.edit(
      REGISTRY,
      'ROLE_SR:\n    kind: iam_role\n    pending: true',
      'ROLE_SR:\n    kind: iam_role\n    pending: true\n    value: arn:aws:iam::111122223333:role/sr',
    );
    f.edit(REGISTRY, 'source: demo, output: role_wsp_arn', 'source: dmo, output: role_wsp_arn');
    f.edit(REGISTRY, '  IMAGE_TAG:', '  image_tag:');
    f.edit(REGISTRY, '{ role: ROLE_IG,', '{ role: ROLE_IGG,');
    f.edit(REGISTRY, '{ role: ROLE_REPORTER,', '{ role: OPERATOR_ROLE_NAME,');
    expect(await problemsOf(f.root)).toEqual([
      `${f.at(REGISTRY, 'dev_min_handles_registy')}: authority.self "dev_min_handles_registy" is not one of authority.documents (platform_blueprint_notes, deployment_tooling_notes, dev_min_run_process_flow, dev_min_handles_registry, local_parity_phase_state_machine, local_parity_operator_gate_checklist, local_parity_run_process_flow, platform_build_plan)`,
      `${f.at(REGISTRY, 'platform_build_plan', 'rank: 4')}: duplicate authority document id "platform_build_plan" (first at line ${f.at(REGISTRY, '- id: platform_build_plan').split(':')[1]})`,
      `${f.at(REGISTRY, '"11112222333"')}: handles.ACCOUNT_ID.value: malformed account_id: expected a 12-digit AWS account id, got "11112222333"`,
      `${f.at(REGISTRY, 'colour')}: handles.REGION: unknown field "colour"`,
      `${f.at(REGISTRY, 'image_tag')}: handles.image_tag: invalid name "image_tag": handle names are UPPER_SNAKE_CASE`,
      `${f.at(REGISTRY, 'kind: string', 'PLATFORM_RUN_ID:')}: handles.PLATFORM_RUN_ID.value: a handle needs a value, or \`pending: true\` for a PENDING PIN`,
      `${f.at(REGISTRY, 'true', 'ROLE_SR:')}: handles.ROLE_SR.pending: a handle is either pending or has a value, not both`,
      `${f.at(REGISTRY, 'dmo')}: handle ROLE_WSP: terraform source "dmo" is not under terraform.sources (core, demo)`,
      `${f.at(REGISTRY, 'ROLE_IGG')}: service SVC_IG: role unknown handle ROLE_IGG`,
      `${f.at(REGISTRY, 'OPERATOR_ROLE_NAME,')}: service SVC_REPORTER: role OPERATOR_ROLE_NAME is a string handle, not an iam_role`,
      // Renaming the handle leaves the runbook's ${IMAGE_TAG} dangling; the malformed ACCOUNT_ID
      // is referenced too, but is reported once, in the registry.
      `${f.at(RUNBOOK, '"${IMAGE_TAG}" }')}: unknown handle IMAGE_TAG`, // M1's key figure image_tag
      `${f.at(RUNBOOK, '/image_tag == ${IMAGE_TAG}')}: unknown handle IMAGE_TAG`,
      `${f.at(RUNBOOK, '"${IMAGE_TAG}", digest_handle')}: unknown handle IMAGE_TAG`,
    ]);
  });

  it('checks the registry env against the env it was loaded for, and the runbook env against the registry', async () => {
    f = fixture();
    f.edit(REGISTRY, 'env: dev_min', 'env: dev_max');
    expect(await problemsOf(f.root)).toEqual([
      `${f.at(REGISTRY, 'dev_max')}: registry env is "dev_max" but it was loaded for env "dev_min"`,
      `${f.at(RUNBOOK, 'dev_min', 'env: ')}: runbook env "dev_min" does not match the registry env "dev_max"`,
    ]);
  });

  it('reports a syntax error without a cascade of "unknown handle" problems in the runbook', async () => {
    f = fixture();
    f.edit(REGISTRY, '  REGION:\n', '  REGION: [\n');
    const problems = await problemsOf(f.root);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith(`${REGISTRY}:`) && p.includes('YAML: '))).toBe(true);
  });
});
