import { AwsServiceError } from './aws-error.js';
import type { SandboxFault } from './fault-spec.js';
import type { SandboxService } from './reply.js';

// Test hooks: make the sandbox misbehave the way AWS does, so gates can prove they fail closed
// (law 1). A fault applies to every call, or only to one service/action, for `times` calls or
// for good. Latency adds up and lets the call proceed; the first matching error fault answers.

// Their shape is defined once, with its schema, in fault-spec.ts (which validates the environment
// variable): the emulator's thread, which only plays faults already validated, loads no schema code.
export type { SandboxFault } from './fault-spec.js';

export type SandboxFaultKind = SandboxFault['kind'];

interface Armed {
  fault: SandboxFault;
  remaining: number;
}

export interface FaultOutcome {
  latencyMs: number;
  error?: SandboxFault;
}

export class FaultBook {
  private armed: Armed[] = [];

  inject(fault: SandboxFault): void {
    if (fault.kind === 'latency' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
      throw new Error(`latency fault needs ms >= 0, got ${String(fault.ms)}`);
    }
    if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times > 0)) {
      throw new Error(`fault times must be a positive integer, got ${String(fault.times)}`);
    }
    this.armed.push({ fault, remaining: fault.times ?? Infinity });
  }

  clear(): void {
    this.armed = [];
  }

  /** Consumes one occurrence of every fault that applies to this call. */
  take(service: SandboxService, action: string): FaultOutcome {
    const outcome: FaultOutcome = { latencyMs: 0 };
    for (const entry of this.armed) {
      const { fault } = entry;
      if (entry.remaining <= 0) continue;
      if (fault.service !== undefined && fault.service !== service) continue;
      if (fault.action !== undefined && fault.action !== action) continue;
      if (fault.kind === 'latency') {
        outcome.latencyMs += fault.ms;
      } else if (outcome.error) {
        continue; // one error answers the call; later error faults keep their occurrences
      } else {
        outcome.error = fault;
      }
      entry.remaining -= 1;
    }
    this.armed = this.armed.filter((e) => e.remaining > 0);
    return outcome;
  }
}

/** The error AWS answers for each fault, in the calling service's protocol family. */
export function faultError(fault: SandboxFault, protocol: 'query' | 'json' | 'ec2', denied: { principal: string; action: string; resource: string }): AwsServiceError {
  if (protocol === 'ec2') return ec2FaultError(fault, denied);
  const json = protocol === 'json';
  switch (fault.kind) {
    case 'throttling':
      return new AwsServiceError(json ? 'ThrottlingException' : 'Throttling', 'Rate exceeded', 400);
    case 'server-error':
      return fault.status === 503
        ? new AwsServiceError('ServiceUnavailable', 'Service Unavailable', 503)
        : new AwsServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
    case 'access-denied':
      return new AwsServiceError(
        json ? 'AccessDeniedException' : 'AccessDenied',
        `User: ${denied.principal} is not authorized to perform: ${denied.action} on resource: ${denied.resource} because no identity-based policy allows the ${denied.action} action`,
        json ? 400 : 403,
      );
    case 'expired-token':
      return new AwsServiceError(json ? 'ExpiredTokenException' : 'ExpiredToken', 'The security token included in the request is expired', 400);
    case 'latency':
      throw new Error('latency is not an error fault');
  }
}

/** EC2 names its errors its own way (UnauthorizedOperation, RequestLimitExceeded, InternalError). */
function ec2FaultError(fault: SandboxFault, denied: { principal: string; action: string }): AwsServiceError {
  switch (fault.kind) {
    case 'throttling':
      return new AwsServiceError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 'server-error':
      return fault.status === 503
        ? new AwsServiceError('Unavailable', 'The server is overloaded and can not handle the request.', 503)
        : new AwsServiceError('InternalError', 'An internal error has occurred.', 500);
    case 'access-denied':
      return new AwsServiceError(
        'UnauthorizedOperation',
        `You are not authorized to perform this operation. User: ${denied.principal} is not authorized to perform: ${denied.action} because no identity-based policy allows the ${denied.action} action`,
        403,
      );
    case 'expired-token':
      return new AwsServiceError('RequestExpired', 'Request has expired.', 400);
    case 'latency':
      throw new Error('latency is not an error fault');
  }
}
