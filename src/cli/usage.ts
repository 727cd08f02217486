export const USAGE = `gatewalk — walk a phase-gated AWS program's gates with live checks

usage:
  gatewalk [--sandbox]              interactive session (TUI; needs a terminal)
  gatewalk run PHASE                headless run of one phase
        --json                        print the verdict as JSON on stdout
        --attest STEP=pass|fail:NOTE  operator attestation for a step (repeatable)
        --repin HANDLE=VALUE          repin a handle (repeatable; needs --reason)
        --repin-from terraform|live   take every value that source offers (needs --reason)
        --reason TEXT                 rationale recorded in the logbook and impl_actual
  gatewalk status                   phase table: state, last verdict, blockers
  gatewalk validate                 load and validate registry + runbook (every problem as file:line:col)
  gatewalk logbook verify           check the logbook's hash chain
  gatewalk sandbox reset|status|changes|apply CHANGE|serve [--port N]

common flags:
  --env NAME      registry/NAME.yaml (default: the only one, or $GATEWALK_ENV)
  --sandbox       run against the embedded AWS emulator and its own workspace
  --profile P     AWS profile (default credential chain otherwise)
  --region R      AWS region (default: the registry's REGION handle)
  --root DIR      program repository (default: current folder, or $GATEWALK_ROOT)
  --program ID    runbook to use when several target the env

exit codes: 0 green · 3 blockers · 4 STOP (unresolved conflict) · 2 usage/configuration · 1 internal · 130 interrupted
`;
