/** One HTTP answer, built by a protocol module and written by the server. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type SandboxService = 'sts' | 'iam' | 'ssm' | 'ec2';
export const SANDBOX_SERVICES: readonly SandboxService[] = ['sts', 'iam', 'ssm', 'ec2'];
