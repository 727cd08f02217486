import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Handle } from './registry-schema.js';
import type { Substrate } from './types.js';

// Everything a gate may touch arrives here: AWS clients (created lazily by the substrate),
// the filesystem root for evidence, the clock, and the resolved registry. Nothing at import time.

export interface AwsClients {
  sts(): Promise<STSClient>;
  iam(): Promise<IAMClient>;
  ssm(): Promise<SSMClient>;
  ec2(): Promise<EC2Client>;
  elbv2(): Promise<ElasticLoadBalancingV2Client>;
  budgets(): Promise<BudgetsClient>;
  tagging(): Promise<ResourceGroupsTaggingAPIClient>;
  ecr(): Promise<ECRClient>;
  ecs(): Promise<ECSClient>;
  /** AWS calls these clients keep in flight at once (the session's AWS concurrency). */
  readonly concurrency?: number;
  /** Only for signing logbook heads (`logbook head --sign`). */
  kms(): Promise<KMSClient>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The registry after overlays are merged by authority rank. */
export interface ResolvedRegistry {
  env: string;
  handles: Record<string, Handle>;
  services: Record<string, { role: string; lane: string; entrypoint?: string }>;
  /** The authority stack (path relative to the documents root, optional sha256 pin handle). */
  documents?: Array<{ id: string; path: string; rank: number; sha256_pin?: string }>;
}

/** `terraform output -json` per source name: output name → value (strings only are offered as pins). */
export type TerraformOutputs = Record<string, Record<string, unknown>>;

export interface Attestation {
  status: 'pass' | 'fail';
  note: string;
}

export interface GateContext {
  substrate: Substrate;
  clients: AwsClients;
  registry: ResolvedRegistry;
  /** Terraform outputs as read at the start of the run (missing sources are absent). */
  terraform: TerraformOutputs;
  /** Where the authority documents' paths resolve (the project root; the sandbox keeps its own copy). */
  documentsRoot?: string;
  /** Absolute evidence root: evidence.json paths are relative to it. */
  evidenceRoot: string;
  clock: Clock;
  signal: AbortSignal;
  /** Every handle the phase references (for `registry.resolved` without explicit handles). */
  phaseHandles: readonly string[];
  /** Per-run memo so two checks asking the same question make one AWS call. */
  memo: Map<string, Promise<unknown>>;
  /** Operator attestation for the step being run, if any was given. */
  attestation?: Attestation;
}
