import { describe, expect, it } from 'vitest';
import { advice, cmd, input } from '../../../src/core/advice.js';
import { ExitCode, GatewalkError } from '../../../src/core/errors.js';
import { describeError } from '../../../src/console/ports/describe-error.js';
import { consoleFace } from '../../../src/console/ports/console-face.js';
import { planRepins } from '../../../src/engine/decisions.js';
import type { ResolvedRegistry } from '../../../src/core/context.js';

describe('errors', () => {
  it('show the next step for operator errors and label bugs as internal', () => {
    expect(describeError(new GatewalkError('M2 requires M2.E', 'close M2.E green first'))).toBe(
      'M2 requires M2.E\ntry: close M2.E green first',
    );
    expect(describeError(new TypeError('x is undefined'))).toBe('internal error: x is undefined');
  });

  it('the console says engine advice in its own words: keys for what it does itself, never a CLI flag (issue 7.7)', () => {
    const refusal = new GatewalkError(
      'M2 requires M1: M1 is not green',
      advice`close M1 green first (${cmd('run', 'M1')})`,
      ExitCode.blockers,
    );
    expect(describeError(refusal)).toBe(
      'M2 requires M1: M1 is not green\ntry: close M1 green first (open M1 on the home screen and run it)',
    );
    // A repin the console typed: the engine's refusal, without the CLI's --repin.
    const registry = {
      handles: { ROLE_IG: { kind: 'iam_role', value: 'arn:aws:iam::111122223333:role/ig' } },
    } as unknown as ResolvedRegistry;
    let thrown: unknown;
    try {
      planRepins(registry, [], { repins: [{ handle: 'ROLE_IG', value: 'not-an-arn' }], reason: 'typed' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GatewalkError);
    expect((thrown as GatewalkError).detail).toMatchObject({
      code: 'repin.invalid_value',
      data: { handle: 'ROLE_IG', value: 'not-an-arn' },
    });
    expect(describeError(thrown)).toMatch(/^repin ROLE_IG=not-an-arn: /);
    expect(describeError(thrown)).not.toContain('--');
    // What the console cannot do itself is the shell line the CLI handed it, with the flags in effect.
    const shell = (argv: readonly string[]) => `gatewalk ${argv.join(' ')} --env shop_stage --sandbox --root /p`;
    const reset = new GatewalkError('state.json is corrupt', advice`run \`${cmd('sandbox', 'reset')}\` and ${input('reason')}`);
    expect(describeError(reset, consoleFace(shell))).toBe(
      'state.json is corrupt\ntry: run `gatewalk sandbox reset --env shop_stage --sandbox --root /p` and a rationale for the repin',
    );
  });
});
