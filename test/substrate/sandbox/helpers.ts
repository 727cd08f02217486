import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  resetSandbox,
  sandboxWorkspacePaths,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  startSandboxServer,
  type SandboxServer,
} from '../../../src/substrate/sandbox/index.js';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
export const ENV = 'dev_min';
export const ACCOUNT = '111122223333';
/** The region of the dev_min scenario (sandbox/dev_min/scenario.yaml). */
export const SANDBOX_REGION = 'eu-west-2';
export const ssmArn = (path: string) => `arn:aws:ssm:eu-west-2:${ACCOUNT}:parameter${path}`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const EXECUTION_ROLE = roleArn('fraud-platform-dev-min-ecs-task-execution');
export const APP_ROLE = roleArn('fraud-platform-dev-min-app-runtime');
export const SIX_PATHS = [
  '/fraud-platform/dev_min/confluent/bootstrap',
  '/fraud-platform/dev_min/confluent/api_key',
  '/fraud-platform/dev_min/confluent/api_secret',
  '/fraud-platform/dev_min/ig/api_key',
  '/fraud-platform/dev_min/db/user',
  '/fraud-platform/dev_min/db/password',
];

/** A throwaway project root holding copies of the repo's registry and sandbox scenario. */
export async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gatewalk-sandbox-'));
  await mkdir(join(root, 'registry'));
  await cp(join(REPO, 'registry', `${ENV}.yaml`), join(root, 'registry', `${ENV}.yaml`));
  await cp(join(REPO, 'sandbox', ENV), join(root, 'sandbox', ENV), { recursive: true });
  return root;
}

export interface Harness {
  root: string;
  server: SandboxServer;
  stateFile: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const root = await tempRoot();
  await resetSandbox(root, ENV);
  const stateFile = sandboxWorkspacePaths(root, ENV).state;
  const server = await startSandboxServer({ stateFile });
  return {
    root,
    server,
    stateFile,
    close: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

interface ClientOptions {
  maxAttempts?: number;
  accessKeyId?: string;
}

function config(server: SandboxServer, options: ClientOptions = {}) {
  return {
    endpoint: server.endpoint,
    region: SANDBOX_REGION,
    credentials: { accessKeyId: options.accessKeyId ?? SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    maxAttempts: options.maxAttempts ?? 1,
  };
}

export const stsClient = (server: SandboxServer, o?: ClientOptions) => new STSClient(config(server, o));
export const iamClient = (server: SandboxServer, o?: ClientOptions) => new IAMClient(config(server, o));
export const ssmClient = (server: SandboxServer, o?: ClientOptions) => new SSMClient(config(server, o));
export const ec2Client = (server: SandboxServer, o?: ClientOptions) => new EC2Client(config(server, o));
export const ecrClient = (server: SandboxServer, o?: ClientOptions) => new ECRClient(config(server, o));
export const ecsClient = (server: SandboxServer, o?: ClientOptions) => new ECSClient(config(server, o));

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
