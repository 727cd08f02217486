import { afterEach, describe, expect, it } from 'vitest';
import { GATES } from '../../src/gates/index.js';
import { fixture, problemsOf, REGISTRY, RUNBOOK, type Fixture } from './fixture.js';

let f: Fixture;
afterEach(() => f?.cleanup());

const GATE_KINDS = [...GATES.keys()].join(', ');

describe('runbook problems', () => {
  it('reports checks, references and structure problems all at once, at their line and column', async () => {
    f = fixture();
    const r = RUNBOOK;
    f.edit(
      r,
      '- id: M0\n    title: Mobilization + Authority Lock (doc-only)\n',
      '- id: M0\n    title: Mobilization + Authority Lock (doc-only)\n    requires: [M4.C]\n',
    );
    f.edit(
      r,
      'blocker: M0-B1\n      - id: governance',
      'blocker: M0-B1\n          - id: second-attest\n            gate: attest\n            params: { prompt: "again" }\n      - id: governance',
    );
    f.edit(r, 'gate: attest\n            params: { prompt: "Single', 'gate: atest\n            params: { prompt: "Single');
    f.edit(r, 'requires: [M0]', 'requires: [M0, M1, M9]');
    f.edit(r, '- /image_tag == ${IMAGE_TAG}', '- /image_tag == ${image_tag}');
    f.edit(r, 'blocker: M1-B3', 'blokcer: M1-B3');
    f.edit(r, '{ handles: ["SSM_*_PATH"] }', '{ handles: ["SMS_*_PATH"] }');
    f.edit(r, '- ${SSM_IG_API_KEY_PATH.arn}', '- ${SSM_IG_API_KEY_PATH.name}');
    f.edit(r, 'expect: allowed }', 'expect: allow }');
    f.edit(r, 'account: ${ACCOUNT_ID}', 'account: "12345"');
    f.edit(r, '- id: handles\n', '- id: identity\n');
    f.edit(r, 'id: budget-posture', 'id: network-posture');
    f.edit(r, 'blocker: M3-B2', 'blocker: M3-B9');
    f.edit(
      r,
      'assumed-role/${OPERATOR_ROLE_NAME}/*"\n            blocker: M4C-B3',
      'assumed-role/${OPERATOR_ROL_NAME}/*"\n            blocker: M4C-B3',
    );
    f.edit(r, '{ services: ["SVC_*"] }', '{ services: ["SVC*X"] }');
    const m2 = '- id: M2\n';
    const m4c = '- id: M4.C';
    expect(await problemsOf(f.root)).toEqual([
      `${f.at(r, 'M4.C]')}: requires cycle: M0 → M4.C → M3 → M2 → M2.E → M1 → M0 (a phase can never close green)`,
      `${f.at(r, 'attest\n            params: { prompt: "again"')}: step authority-lock has more than one attest check (first at line ${f.at(r, '- id: authority-attested').split(':')[1]}); one attestation per step`,
      `${f.at(r, 'atest')}: unknown gate kind "atest" (known: ${GATE_KINDS})`,
      `${f.at(r, 'M1, M9]')}: phase M1 requires itself`,
      `${f.at(r, 'M9]')}: requires unknown phase "M9" (phases: M0, M1, M2.E, M2, M3, M4.C, M4, P12)`,
      `${f.at(r, '/image_tag == ${image_tag}')}: malformed reference in "/image_tag == \${image_tag}": write \${HANDLE} or \${HANDLE.attr} with an UPPER_SNAKE_CASE handle`,
      `${f.at(r, 'blokcer')}: phases[1].steps[1].checks[1]: unknown field "blokcer"`,
      `${f.at(r, '"SMS_*_PATH"')}: handles pattern "SMS_*_PATH" matches no handle in the registry`,
      `${f.at(r, '${SSM_IG_API_KEY_PATH.name}')}: \${SSM_IG_API_KEY_PATH.name}: .name is not defined for a ssm_parameter handle (use .arn on ssm_parameter, .name on iam_role)`,
      `${f.at(r, 'allow }')}: check secret-read-matrix (iam.simulate): params.cases[0].expect: Invalid option: expected one of "allowed"|"implicitDeny"|"explicitDeny"|"denied"`,
      `${f.at(r, '"12345"')}: check caller (sts.identity): params.account: account must be a 12-digit account id`,
      `${f.at(r, 'identity\n        title: Handle')}: duplicate step (phase M2) id "identity" (first at line ${f.at(r, '- id: identity', m2).split(':')[1]})`,
      `${f.at(r, 'network-posture\n            gate: evidence.json\n            params:\n              path: m2_j/*/budget')}: duplicate check (phase M2) id "network-posture" (first at line ${f.at(r, '- id: network-posture').split(':')[1]})`,
      `${f.at(r, 'M3-B9')}: blocker M3-B9 is not in the runbook's blockers table`,
      `${f.at(r, '"arn:aws:sts::${ACCOUNT_ID}:assumed-role/${OPERATOR_ROL_NAME}')}: unknown handle OPERATOR_ROL_NAME`,
      `${f.at(r, '"SVC*X"', m4c)}: services pattern "SVC*X" matches no service in the registry`,
    ]);
  });

  it('leaves a pending handle in a pattern-checked param to the gate at run time', async () => {
    f = fixture();
    f.edit(REGISTRY, 'kind: account_id\n    value: "111122223333"', 'kind: account_id\n    pending: true');
    // sts.identity `account: ${ACCOUNT_ID}` stays literal (not 12 digits), and is not a load problem.
    expect(await problemsOf(f.root)).toEqual([]);
  });

  it('reports duplicate phase ids', async () => {
    f = fixture();
    f.edit(RUNBOOK, '- id: M3\n', '- id: M2\n');
    f.edit(RUNBOOK, 'requires: [M3]', 'requires: [M2]');
    // The renamed phase keeps `requires: [M2]`, which now names itself.
    const second = '- id: M2\n    title: Run Pinning';
    expect(await problemsOf(f.root)).toEqual([
      `${f.at(RUNBOOK, 'M2', second)}: duplicate phase id "M2" (first at line ${f.at(RUNBOOK, '- id: M2\n').split(':')[1]})`,
      `${f.at(RUNBOOK, 'M2]', second)}: phase M2 requires itself`,
    ]);
  });
});
