import { describe, expect, it } from 'vitest';
import { windowOf } from '../../../src/console/components/layout.js';

describe('list windows', () => {
  it('windows a long list around the cursor', () => {
    expect(windowOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 9, 3)).toEqual({ start: 7, visible: [7, 8, 9] });
    expect(windowOf([0, 1], 1, 5).visible).toEqual([0, 1]);
  });
});
