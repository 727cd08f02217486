/** One HTTP answer, built by a protocol module and written by the server. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const SANDBOX_SERVICES = ['sts', 'iam', 'ssm', 'ec2', 'elbv2', 'budgets', 'tagging', 'kms', 'ecr', 'ecs'] as const;
export type SandboxService = (typeof SANDBOX_SERVICES)[number];
