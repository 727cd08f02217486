import { jsonText } from '../core/json-text.js';
import { systemClock } from '../core/context.js';
import { ExitCode, GatewalkError } from '../core/errors.js';
import { runPhase } from '../session/run-phase.js';
import { openSession } from '../session/session.js';
import { flagsInEffect, sessionOptions, type CliArgs } from './args.js';
import { closingSession } from './closing-session.js';
import { parseAttestFlags, parseRepinFlags } from './decision-flags.js';
import type { Io } from '../core/io.js';
import { formatConflicts, formatVerdict } from './format.js';
import { textReporter } from './text-reporter.js';
import { formatChange } from '../engine/result-changes.js';
import { writeCiOutputs, type CiTargets } from './ci/write-ci-outputs.js';
import { awsTimeoutHint } from './aws-timeout-hint.js';

export async function runCommand(args: CliArgs, io: Io, signal: AbortSignal, environ = process.env): Promise<number> {
  const phaseId = args.command[1];
  if (!phaseId || args.command.length > 2) throw new GatewalkError('usage: gatewalk run PHASE', 'e.g. gatewalk run M4.C --sandbox');
  const attestations = parseAttestFlags(args.attest);
  const decision = parseRepinFlags(args);
  const ci: CiTargets = {
    ...(args.junit ? { junit: args.junit } : {}),
    ...(args.attestation ? { attestation: args.attestation } : {}),
    ...(environ.GITHUB_STEP_SUMMARY ? { stepSummary: environ.GITHUB_STEP_SUMMARY } : {}),
  };
  const session = await openSession(sessionOptions(args));
  const program = session.program.runbook.doc.program;
  return closingSession(session, signal, io, async () => {
    const outcome = await runPhase(session, phaseId, {
      attestations,
      ...(decision ? { decision } : {}),
      reporter: textReporter(io.err),
      signal,
      clock: systemClock,
    });
    if (outcome.kind === 'interrupted') {
      if (outcome.sealed)
        io.err(
          `interrupted after the verdict was sealed (${outcome.sealed}); the seal is complete and the logbook records the interruption`,
        );
      else io.err('interrupted: no verdict sealed; the logbook records the interruption');
      return ExitCode.interrupted;
    }
    if (outcome.kind === 'stop') {
      if (args.json) io.out(jsonText({ phase: phaseId, stop: true, conflicts: outcome.conflicts }));
      else io.out(formatConflicts(phaseId, outcome.conflicts, flagsInEffect(args)));
      await writeCiOutputs(session.workspace, { kind: 'stop', program, phase: phaseId, conflicts: outcome.conflicts }, ci, io);
      return ExitCode.stop;
    }
    const needAttest = outcome.verdict.checks.filter((c) => c.status === 'manual').map((c) => c.step);
    const logged = outcome.inLogbook ? { snapshot: null, sealed_in: 'logbook', logbook_seq: outcome.record.seq } : undefined;
    if (args.json) io.out(jsonText({ ...outcome.verdict, ...(logged ?? { snapshot: outcome.path }) }));
    else io.out(formatVerdict(outcome.verdict, outcome.path, logged?.logbook_seq));
    const { changes } = outcome;
    if (changes.length)
      io.err(
        `changed since the previous ${phaseId} verdict:\n${changes
          .slice(0, 12)
          .map((c) => `  ${formatChange(c)}`)
          .join('\n')}${changes.length > 12 ? `\n  … ${changes.length - 12} more` : ''}`,
      );
    const hint = awsTimeoutHint(outcome.verdict);
    if (hint) io.err(hint);
    // After the verdict is shown: a CI file that cannot be written must not hide it.
    await writeCiOutputs(
      session.workspace,
      { kind: 'sealed', file: outcome.path, record: outcome.record, inLogbook: !!outcome.inLogbook },
      ci,
      io,
    );
    if (needAttest.length)
      io.err(
        `headless runs never prompt: attest with gatewalk run ${phaseId}${flagsInEffect(args)} ${[...new Set(needAttest)].map((s) => `--attest ${s}=pass:"note"`).join(' ')}`,
      );
    if (outcome.stopped.length) {
      if (!args.json) io.out(formatConflicts(phaseId, outcome.stopped, flagsInEffect(args)));
      return ExitCode.stop;
    }
    return outcome.verdict.overall_pass ? ExitCode.green : ExitCode.blockers;
  });
}
