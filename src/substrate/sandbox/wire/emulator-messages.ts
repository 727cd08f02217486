import type { Said } from '../../../core/advice.js';
import type { ErrorDetail, ExitCodeValue } from '../../../core/errors.js';
import type { CallStats } from './call-stats.js';

// What the session and the emulator's thread say to each other (emulator.ts ↔ emulator-thread.ts).
// AWS calls are not among them: those go over HTTP, as they would to AWS.

/** An error raised in the thread, in a form that crosses it (a GatewalkError's words and exit code). */
export interface ThreadError {
  said: Said;
  hint?: Said;
  exitCode?: ExitCodeValue;
  detail?: ErrorDetail;
}

export type EmulatorRequest = { kind: 'stats' } | { kind: 'close' };

export type EmulatorReply =
  | { kind: 'started'; endpoint: string; region: string }
  | { kind: 'failed'; error: ThreadError }
  | { kind: 'stats'; stats: CallStats }
  | { kind: 'closed'; error?: ThreadError };
