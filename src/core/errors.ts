// Two kinds of error (style.md §7): problems with checks are data in the verdict; problems with
// the program or the invocation are these typed errors, carrying an exit code and a next step.
// Only the CLI entry turns them into a process exit code.

import { advice, cmd, render, type Face, type Said } from './advice.js';

export const ExitCode = {
  green: 0,
  internal: 1,
  usage: 2,
  blockers: 3,
  stop: 4,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What kind of refusal, and the data a face needs to say it its own way (`requires.not_green`, { phase, first }). */
export interface ErrorDetail {
  code: string;
  data: Record<string, unknown>;
}

/**
 * An error the operator must act on: says what went wrong and what to try next. Message and hint
 * may be advice (core/advice.ts): commands and inputs kept whole, so each face spells them its
 * own way (the CLI with the flags in effect, the console with its keys); `message` and
 * `tryMessage` hold the bare spelling.
 */
export class GatewalkError extends Error {
  readonly tryMessage?: string;
  constructor(
    readonly said: Said,
    readonly hint?: Said,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
    readonly detail?: ErrorDetail,
  ) {
    super(render(said));
    if (hint !== undefined) this.tryMessage = render(hint);
    this.name = 'GatewalkError';
  }

  /** Message and hint as this face says them. */
  renderFor(face: Face): { message: string; hint?: string } {
    return { message: render(this.said, face), ...(this.hint !== undefined ? { hint: render(this.hint, face) } : {}) };
  }
}

/** A problem located in an input file, reported as `file:line:col: message`. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** Loading found problems: all of them are listed, not just the first. */
export class ValidationError extends GatewalkError {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in registry/runbook:\n` +
        problems.map((p) => '  ' + formatProblem(p)).join('\n'),
      advice`fix the lines above, then run \`${cmd('validate')}\``,
      ExitCode.usage,
    );
    this.name = 'ValidationError';
  }
}

/** The run was interrupted (Ctrl-C / SIGTERM). */
export class InterruptedError extends GatewalkError {
  constructor(message = 'interrupted') {
    super(message, undefined, ExitCode.interrupted);
    this.name = 'InterruptedError';
  }
}
