import type { SandboxService } from './reply.js';
import { ECR_ACTIONS } from '../services/ecr.js';
import { ECS_ACTIONS } from '../services/ecs.js';
import { SSM_ACTIONS } from '../services/ssm.js';
import { BUDGETS_ACTIONS, BUDGETS_TARGET } from '../services/budgets.js';
import { TAGGING_ACTIONS, TAGGING_TARGET } from '../services/tagging.js';
import type { SandboxState } from '../state/state.js';

// Services that speak AWS JSON 1.1: `X-Amz-Target: <prefix>.<Action>`, JSON in and out. A new
// JSON service is one line here.

export interface JsonRequest {
  state: SandboxState;
  /** The region the caller signed for: resources live in the state's region only. */
  region: string;
  input: Record<string, unknown>;
}
export type JsonHandler = (request: JsonRequest) => Promise<unknown>;

export interface JsonService {
  service: SandboxService;
  /** The X-Amz-Target prefix before the dot. */
  target: string;
  actions: Record<string, JsonHandler>;
}

export const JSON_SERVICES: readonly JsonService[] = [
  { service: 'ssm', target: 'AmazonSSM', actions: SSM_ACTIONS },
  { service: 'ecr', target: 'AmazonEC2ContainerRegistry_V20150921', actions: ECR_ACTIONS },
  { service: 'ecs', target: 'AmazonEC2ContainerServiceV20141113', actions: ECS_ACTIONS },
  { service: 'budgets', target: BUDGETS_TARGET, actions: BUDGETS_ACTIONS },
  { service: 'tagging', target: TAGGING_TARGET, actions: TAGGING_ACTIONS },
];

/** The service and action an X-Amz-Target names (unknown prefixes fall to SSM, which rejects them). */
export function jsonTarget(target: string): { json: JsonService; action: string } {
  const dot = target.lastIndexOf('.');
  const prefix = dot < 0 ? '' : target.slice(0, dot);
  const json = JSON_SERVICES.find((s) => s.target === prefix);
  return json ? { json, action: target.slice(dot + 1) } : { json: JSON_SERVICES[0]!, action: target };
}
