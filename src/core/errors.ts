// Two kinds of error (style.md §7): problems with checks are data in the verdict; problems with
// the program or the invocation are these typed errors, carrying an exit code and a next step.
// Only the CLI entry turns them into a process exit code.

export const ExitCode = {
  green: 0,
  internal: 1,
  usage: 2,
  blockers: 3,
  stop: 4,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the operator must act on: says what went wrong and what to try next. */
export class GatewalkError extends Error {
  constructor(
    message: string,
    readonly tryMessage?: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
  ) {
    super(message);
    this.name = 'GatewalkError';
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
      'fix the lines above, then run `gatewalk validate`',
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
