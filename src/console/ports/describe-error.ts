import { GatewalkError } from '../../core/errors.js';
import { sanitizeText } from '../../core/sanitize.js';

// Errors the operator must act on carry a next step (GatewalkError.tryMessage); anything else is
// a bug in gatewalk and is labelled as one.

/** The message to show, with its "try" line when there is one. */
export function describeError(err: unknown): string {
  if (err instanceof GatewalkError) return sanitizeText(err.tryMessage ? `${err.message}\ntry: ${err.tryMessage}` : err.message);
  return sanitizeText(`internal error: ${(err as Error)?.message ?? String(err)}`);
}
