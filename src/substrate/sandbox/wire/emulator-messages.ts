import type { Said } from '../../../core/advice.js';
import type { ErrorDetail, ExitCodeValue } from '../../../core/errors.js';
import type { CallStats } from './call-stats.js';
import type { SandboxFault } from './faults.js';

// What the session and the emulator's thread say to each other (emulator.ts ↔ emulator-thread.ts).
// AWS calls are not among them: those go over HTTP, as they would to AWS.

/** An error raised in the thread, in a form that crosses it (a GatewalkError's words and exit code). */
export interface ThreadError {
  said: Said;
  hint?: Said;
  exitCode?: ExitCodeValue;
  detail?: ErrorDetail;
}

/** What the emulator starts from (the thread's first message, `start`). */
export interface EmulatorOptions {
  /** state.json of the sandbox workspace. */
  stateFile: string;
  /** Faults to inject from the first call on (GATEWALK_SANDBOX_FAULTS, already validated). */
  faults: SandboxFault[];
}

export type EmulatorRequest = { kind: 'start'; options: EmulatorOptions } | { kind: 'stats' } | { kind: 'close' };

export type EmulatorReply =
  | { kind: 'started'; endpoint: string; region: string }
  | { kind: 'failed'; error: ThreadError }
  | { kind: 'stats'; stats: CallStats }
  | { kind: 'closed'; error?: ThreadError };
