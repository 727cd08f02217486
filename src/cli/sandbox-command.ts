import { render } from '../core/advice.js';
import { cliFace } from './cli-face.js';
import { GatewalkError } from '../core/errors.js';
import { jsonText } from '../core/json-text.js';
import { sanitizeLine } from '../core/sanitize.js';
import { writeFile } from 'node:fs/promises';
import type { CliArgs } from './args.js';
import type { Io } from '../core/io.js';

const USAGE = 'gatewalk sandbox reset | status | sync-registry | changes | apply CHANGE | serve [--port N]';

/** The embedded emulator's workspace and server. Never touches the operator's real files. */
export async function sandboxCommand(args: CliArgs, io: Io, signal: AbortSignal): Promise<number> {
  const sb = await import('../substrate/sandbox/index.js');
  const [, sub, change, ...extra] = args.command;
  const { root, env } = args;
  if (extra.length) throw new GatewalkError(`unexpected arguments: ${extra.join(' ')}`, USAGE);
  switch (sub) {
    case 'reset': {
      await sb.resetSandbox(root, env);
      io.out(`sandbox ${env} reset: ${sb.sandboxWorkspacePaths(root, env).dir}`);
      return 0;
    }
    case 'apply': {
      if (!change) throw new GatewalkError('which change?', `gatewalk sandbox changes lists them; then ${USAGE}`);
      await sb.ensureSandbox(root, env);
      const done = await sb.applySandboxChange(root, env, change);
      io.out(`applied ${change} to sandbox ${env}: ${sanitizeLine(done.description)}`);
      for (const line of done.log) io.out(`  ${sanitizeLine(line)}`);
      return 0;
    }
    case 'changes': {
      for (const c of await sb.listSandboxChanges(root, env)) io.out(`  ${c.name.padEnd(34)} ${sanitizeLine(c.description)}`);
      return 0;
    }
    case 'status': {
      await sb.ensureSandbox(root, env);
      const s = await sb.sandboxStatus(root, env);
      io.out(args.json ? jsonText(s) : sb.formatSandboxStatus(s));
      const problem = sb.registryCopyProblem(s.registry);
      if (problem) io.err(`gatewalk: ${problem.message}\n  try: ${render(problem.hint, cliFace(args))}`);
      return 0;
    }
    case 'sync-registry': {
      const before = await sb.registryCopyStatus(await sb.ensureSandbox(root, env));
      const after = await sb.syncSandboxRegistry(root, env);
      io.out(
        before.current
          ? `sandbox ${env}: ${sanitizeLine(after.copy)} was already current with ${sanitizeLine(after.source)}; copied again (sha256 ${after.source_sha256})`
          : `sandbox ${env} now uses ${sanitizeLine(after.source)} (sha256 ${after.source_sha256}); account state, evidence and logbook kept`,
      );
      return 0;
    }
    case 'serve': {
      const paths = await sb.ensureSandbox(root, env);
      const { region } = await sb.readState(paths.state);
      const faults = sb.faultsFromEnv(); // validated before anything listens
      const server = await sb.startSandboxServer({ stateFile: paths.state, port: args.port ?? 0 });
      for (const f of faults) server.inject(f);
      io.out(
        `sandbox ${env} serving AWS STS, IAM, SSM, EC2, ECR, ECS, ELBv2, Budgets and the Tagging API in ${region} on ${server.endpoint}`,
      );
      io.out(
        `  export AWS_ENDPOINT_URL=${server.endpoint} AWS_ACCESS_KEY_ID=${sb.SANDBOX_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${sb.SANDBOX_SECRET_ACCESS_KEY} AWS_REGION=${region}`,
      );
      io.err('Ctrl-C to stop');
      // The policy evaluator loads now, while nobody waits, not in the first SimulatePrincipalPolicy
      // (measured: ~0.5 s of that call on this machine).
      sb.preloadEvaluator();
      // A Ctrl-C that arrived while the lines above were written has already aborted the signal.
      if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      const stats = process.env.GATEWALK_SANDBOX_STATS;
      if (stats) await writeFile(stats, JSON.stringify(server.stats()));
      await server.close();
      return 0;
    }
    default:
      throw new GatewalkError(sub ? `unknown sandbox command "${sub}"` : 'which sandbox command?', USAGE);
  }
}
