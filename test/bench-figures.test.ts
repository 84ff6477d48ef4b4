/** How a benchmark figure meets its target: under a maximum, over a minimum, or exactly at its mark. */
import { describe, expect, it } from 'vitest';
import { figureGroup } from '../bench/figures.js';

const figure = figureGroup('bytes');

describe('a benchmark figure', () => {
  it('meets a maximum at or under it', () => {
    expect(figure('a', 15, 'calls', { max: 15 }, '≤ 15').pass).toBe(true);
    expect(figure('a', 16, 'calls', { max: 15 }, '≤ 15')).toMatchObject({ pass: false, ratio: 16 / 15 });
  });

  it('meets a minimum at or over it', () => {
    expect(figure('a', 0.8, '×', { min: 0.8 }, '≥ 0.8×').pass).toBe(true);
    expect(figure('a', 0.79, '×', { min: 0.8 }, '≥ 0.8×').pass).toBe(false);
  });

  it('misses an exact mark on either side: bytes below it are files left unread', () => {
    expect(figure('a', 1, '×', { exactly: 1 }, '1.0×')).toMatchObject({ pass: true, ratio: 1 });
    expect(figure('a', 0.5, '×', { exactly: 1 }, '1.0×')).toMatchObject({ pass: false, ratio: 0.5 });
    expect(figure('a', 1.01, '×', { exactly: 1 }, '1.0×').pass).toBe(false);
    expect(figure('a', 5, '×', { exactly: 5 }, '5.0×').pass).toBe(true);
  });
});
