import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewalkError } from '../../../core/errors.js';
import { taggedResources } from '../state/guardrail-state.js';
import { readState, roleArn, type SandboxState } from '../state/state.js';
import { readTerraformOutputsFile } from './terraform-outputs.js';
import { sandboxWorkspacePaths } from './workspace-paths.js';
import { registryCopyStatus, type RegistryCopyStatus } from './registry-copy.js';
import { advice, cmd } from '../../../core/advice.js';

// `gatewalk sandbox status`: what the sandbox account holds right now, as data and as text.

export interface SandboxStatus {
  env: string;
  workspace: string;
  account_id: string;
  region: string;
  caller_arn: string;
  roles: Array<{ name: string; arn: string; inline_policies: string[]; attached_policies: string[] }>;
  parameters: Array<{ name: string; type: string }>;
  nat_gateways: Array<{ id: string; vpc_id: string; subnet_id: string; state: string }>;
  /** `repo  tag-mutability  digest  tags` and `cluster/service  task definition  running/desired`. */
  containers: string[];
  /** `name  type scheme  vpc  state  tags`, one per ELBv2 load balancer. */
  load_balancers: string[];
  /** `name  limit  actual/forecast  alerts at …`, one per budget. */
  budgets: string[];
  /** `arn  key=value,…`, one per resource the Tagging API lists (load balancers included). */
  tagged_resources: string[];
  applied_changes: Array<{ change: string; applied_at: string }>;
  /** Terraform source → output names present in its outputs file. */
  terraform: Record<string, string[]>;
  /** Whether the sandbox's registry copy was made from what registry/<env>.yaml holds now. */
  registry: RegistryCopyStatus;
}

export async function sandboxStatus(root: string, env: string): Promise<SandboxStatus> {
  const paths = sandboxWorkspacePaths(root, env);
  const state = await readState(paths.state).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new GatewalkError(`no sandbox workspace for ${env} at ${paths.dir}`, advice`run \`${cmd('sandbox', 'reset')}\` to create it`);
    throw e;
  });
  const terraform: Record<string, string[]> = {};
  for (const source of (await readdir(paths.terraformDir).catch(() => [] as string[])).sort()) {
    const outputs = await readTerraformOutputsFile(join(paths.terraformDir, source, 'outputs.json'));
    if (outputs) terraform[source] = Object.keys(outputs).sort();
  }
  const byName = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  return {
    env: state.env,
    workspace: paths.dir,
    account_id: state.account_id,
    region: state.region,
    caller_arn: state.caller.arn,
    roles: byName(state.roles).map(([name, role]) => ({
      name,
      arn: roleArn(state, name, role),
      inline_policies: Object.keys(role.inline_policies).sort(),
      attached_policies: role.attached_policies.map((p) => p.arn),
    })),
    parameters: byName(state.parameters).map(([name, p]) => ({ name, type: p.type })),
    nat_gateways: byName(state.nat_gateways).map(([id, n]) => ({ id, vpc_id: n.vpc_id, subnet_id: n.subnet_id, state: n.state })),
    containers: containerLines(state),
    ...guardrailLines(state),
    applied_changes: state.applied_changes,
    terraform,
    registry: await registryCopyStatus(paths),
  };
}

export function formatSandboxStatus(s: SandboxStatus): string {
  const none = (lines: string[], empty: string) => (lines.length > 0 ? lines : [`    ${empty}`]);
  return [
    `sandbox ${s.env}  account ${s.account_id}  region ${s.region}`,
    `  workspace  ${s.workspace}`,
    `  registry   ${s.registry.copy} ${s.registry.current ? `current with ${s.registry.source}` : `NOT CURRENT: ${s.registry.source} ${s.registry.why === 'source-missing' ? 'is gone' : 'changed since the copy'}`}`,
    `  caller     ${s.caller_arn}`,
    `  roles (${s.roles.length})`,
    ...s.roles.map((r) => `    ${r.name}${r.inline_policies.length ? `  inline: ${r.inline_policies.join(', ')}` : ''}${r.attached_policies.length ? `  attached: ${r.attached_policies.join(', ')}` : ''}`),
    `  ssm parameters (${s.parameters.length}, metadata only)`,
    ...s.parameters.map((p) => `    ${p.name}  ${p.type}`),
    `  nat gateways (${s.nat_gateways.length})`,
    ...s.nat_gateways.map((n) => `    ${n.id}  ${n.vpc_id}  ${n.subnet_id}  ${n.state}`),
    `  containers (ECR images, ECS services)`,
    ...none(s.containers.map((l) => `    ${l}`), '(none)'),
    `  load balancers (${s.load_balancers.length})`,
    ...s.load_balancers.map((l) => `    ${l}`),
    `  budgets (${s.budgets.length})`,
    ...s.budgets.map((l) => `    ${l}`),
    `  tagged resources (${s.tagged_resources.length})`,
    ...s.tagged_resources.map((l) => `    ${l}`),
    '  terraform outputs',
    ...none(Object.entries(s.terraform).map(([source, names]) => `    ${source}: ${names.join(', ') || '(empty)'}`), '(none)'),
    '  applied changes',
    ...none(s.applied_changes.map((c) => `    ${c.applied_at}  ${c.change}`), '(none since reset)'),
  ].join('\n');
}

function containerLines(state: SandboxState): string[] {
  const images = Object.entries(state.ecr.repositories).flatMap(([repo, r]) =>
    Object.entries(r.images).map(([digest, i]) => `${repo}  ${r.tag_mutability}  ${digest}  ${i.tags.join(',') || '(untagged)'}`),
  );
  const services = Object.entries(state.ecs.clusters).flatMap(([cluster, c]) =>
    Object.entries(c.services).map(([name, s]) => `${cluster}/${name}  ${s.task_definition}  ${s.running_count}/${s.desired_count} ${s.status}`),
  );
  return [...images, ...services].sort();
}

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '(untagged)';

function guardrailLines(state: SandboxState): Pick<SandboxStatus, 'load_balancers' | 'budgets' | 'tagged_resources'> {
  const sorted = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  return {
    load_balancers: sorted(state.load_balancers).map(([name, lb]) => `${name}  ${lb.type} ${lb.scheme}  ${lb.vpc_id}  ${lb.state}  ${tagList(lb.tags)}`),
    budgets: sorted(state.budgets).map(([name, b]) => {
      const spend = `actual ${b.actual_spend ?? '(none)'} / forecast ${b.forecast_spend ?? '(none)'}`;
      const alerts = b.notifications.map((n) => `${n.threshold}${n.threshold_type === 'PERCENTAGE' ? '%' : ''}`).join('/') || '(none)';
      return `${name}  ${b.limit.amount} ${b.limit.unit} ${b.time_unit}  ${spend}  alerts at ${alerts}`;
    }),
    tagged_resources: taggedResources(state).map((r) => `${r.arn}  ${tagList(r.tags)}`),
  };
}
