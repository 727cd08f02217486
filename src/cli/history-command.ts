import { jsonText } from '../core/json-text.js';
import { ExitCode, GatewalkError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { timelineItems, timelineMarkdown, timelineText } from '../engine/history-text.js';
import { loadPhaseHistory } from '../session/phase-history.js';
import { loadWorkspace } from '../session/session.js';
import { sessionOptions, type CliArgs } from './args.js';

/** `gatewalk history PHASE [--json|--markdown]`: the phase's runs and decisions from the logbook. */
export async function historyCommand(args: CliArgs, io: Io): Promise<number> {
  const phaseId = args.command[1];
  if (!phaseId || args.command.length > 2)
    throw new GatewalkError('usage: gatewalk history PHASE', 'e.g. gatewalk history M4.C --markdown');
  if (args.json && args.values.markdown) throw new GatewalkError('--json and --markdown are two formats: pass one');
  const { program, workspace: ws } = await loadWorkspace(sessionOptions(args));
  if (!program.runbook.doc.phases.some((p) => p.id === phaseId)) {
    throw new GatewalkError(`unknown phase "${phaseId}"`, `phases: ${program.runbook.doc.phases.map((p) => p.id).join(', ')}`);
  }
  const { records, events } = await loadPhaseHistory(ws, phaseId);
  if (args.json) {
    io.out(jsonText({ phase: phaseId, env: ws.env, substrate: ws.substrate, logbook: { records }, events }));
    return ExitCode.green;
  }
  const items = timelineItems(events);
  if (args.values.markdown)
    io.out(timelineMarkdown(phaseId, `env ${ws.env} · substrate ${ws.substrate} · ${records} logbook records, chain verified`, items));
  else io.out(timelineText(phaseId, items));
  return ExitCode.green;
}
