import { describe, expect, it } from 'vitest';
import { clipMiddle, reflow } from '../../../src/console/theme/text.js';

describe('text layout', () => {
  it('re-flows hard-wrapped runbook prose and clips in the middle', () => {
    expect(reflow('one\ntwo\n\nthree\x1b[31m')).toBe('one two\nthree');
    expect(clipMiddle('m1_build_go/2026/packaging.json', 12)).toHaveLength(12);
    expect(clipMiddle('short', 12)).toBe('short');
  });
});
