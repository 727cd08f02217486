import { describe, expect, it } from 'vitest';
import { GatewalkError } from '../../../src/core/errors.js';
import { describeError } from '../../../src/console/ports/describe-error.js';

describe('errors', () => {
  it('show the next step for operator errors and label bugs as internal', () => {
    expect(describeError(new GatewalkError('M2 requires M2.E', 'close M2.E green first'))).toBe(
      'M2 requires M2.E\ntry: close M2.E green first',
    );
    expect(describeError(new TypeError('x is undefined'))).toBe('internal error: x is undefined');
  });
});
