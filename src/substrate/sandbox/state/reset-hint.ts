import { advice, cmd } from '../../../core/advice.js';

// Apart from state.ts (the state's schemas), so that a run on a real account, which only names
// this hint for a Terraform outputs file it cannot read (engine/terraform.ts), never loads them.

/** The fix for any unreadable file of the sandbox workspace: they are all generated. */
export const RESET_HINT = advice`these files are generated: \`${cmd('sandbox', 'reset')}\` rebuilds the sandbox workspace from sandbox/<env>/ (re-apply your changes after it)`;
