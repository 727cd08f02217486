import { describe, expect, it } from 'vitest';
import { themeFromEnv, tone } from '../../../src/console/theme/theme.js';

describe('NO_COLOR', () => {
  it('turns colour off when set and not empty; glyph + word stay', () => {
    expect(themeFromEnv({ NO_COLOR: '1' })).toEqual({ color: false });
    expect(themeFromEnv({ NO_COLOR: '' })).toEqual({ color: true });
    expect(tone({ color: false }, 'red')).toBeUndefined();
    expect(tone({ color: true }, 'red')).toBe('red');
  });
});
