import { GatewalkError } from '../../core/errors.js';
import { sanitizeText } from '../../core/sanitize.js';
import type { Face } from '../../core/advice.js';
import { consoleFace } from './console-face.js';

// Errors the operator must act on carry a next step (GatewalkError.tryMessage); anything else is
// a bug in gatewalk and is labelled as one.

/** The message to show, with its "try" line when there is one. */
export function describeError(err: unknown, face: Face = consoleFace()): string {
  if (err instanceof GatewalkError) {
    const { message, hint } = err.renderFor(face); // the console's own words for commands and inputs
    return sanitizeText(hint ? `${message}\ntry: ${hint}` : message);
  }
  return sanitizeText(`internal error: ${(err as Error)?.message ?? String(err)}`);
}
