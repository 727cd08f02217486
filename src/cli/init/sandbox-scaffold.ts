import type { ScaffoldFile } from './scaffold.js';

// The sandbox scenario `gatewalk init` writes next to the registry: the account as the registry
// pins it, so both scaffolded phases run green on `gatewalk --sandbox` straight away, plus one
// named change that trips the NAT guardrail and one that clears it.

export function sandboxFiles(env: string, region: string, account = '123456789012'): ScaffoldFile[] {
  const dash = env.replace(/_/g, '-');
  const role = (name: string) => `arn:aws:iam::${account}:role/${dash}-${name}`;
  const nat = 'nat-0a1b2c3d4e5f60718';
  const scenario = `# gatewalk sandbox scenario for ${env}: what the embedded AWS emulator answers on
# \`gatewalk --sandbox\`. \`gatewalk sandbox reset\` rebuilds .gatewalk/sandbox/${env}/ from this file.
# Keep it in step with registry/${env}.yaml; policies are evaluated exactly as written.
# Never put a parameter value here: the sandbox stores SSM metadata only.
env: ${env}
description: ${env} after its first Terraform apply
account_id: "${account}"
region: ${region}

caller:
  arn: arn:aws:sts::${account}:assumed-role/gatewalk-operator/gatewalk-sandbox
  user_id: AROAEXAMPLEOPERATOR01:gatewalk-sandbox

roles:
  ${dash}-app:
    description: application task role (reads the app secret, nothing else)
    assume_role_policy: &ecs_tasks_trust
      Version: "2012-10-17"
      Statement:
        - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }
    inline_policies:
      read-app-secret:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ssm:GetParameter
            Resource: arn:aws:ssm:${region}:${account}:parameter/${env}/app/secret
  ${dash}-task-execution:
    description: task execution role (image pull and logs only)
    assume_role_policy: *ecs_tasks_trust
    inline_policies:
      pull-and-log:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, logs:CreateLogStream, logs:PutLogEvents]
            Resource: "*"

parameters:
  /${env}/app/secret:
    type: SecureString
    key_id: alias/aws/ssm
    description: the app secret (metadata only)

terraform:
  core:
    role_app_arn: ${role('app')}
    role_task_execution_arn: ${role('task-execution')}

evidence: evidence
`;
  const build = {
    artifact: 'ci_build',
    overall_pass: true,
    image_tag: 'git-0123456789abcdef0123456789abcdef01234567',
    substrate: 'sandbox',
  };
  return [
    { path: `sandbox/${env}/scenario.yaml`, text: scenario },
    { path: `sandbox/${env}/evidence/ci/20260101T000000Z/build.json`, text: JSON.stringify(build, null, 2) + '\n' },
    {
      path: `sandbox/${env}/changes/add-nat-gateway.yaml`,
      text: `# Someone adds a NAT gateway: the foundation phase's no-nat check fails until remove-nat-gateway.
description: Create NAT gateway ${nat} (available), so the no-nat check fails.
steps:
  - { op: put_nat_gateway, id: ${nat}, vpc_id: vpc-0a1b2c3d4e5f60718, subnet_id: subnet-0123456789abcdef0, state: available }
`,
    },
    {
      path: `sandbox/${env}/changes/remove-nat-gateway.yaml`,
      text: `description: Delete NAT gateway ${nat} (the one add-nat-gateway creates).
steps:
  - { op: delete_nat_gateway, id: ${nat} }
`,
    },
  ];
}
