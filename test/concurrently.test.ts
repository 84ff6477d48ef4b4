/** mapConcurrently: the checks of Security Lake objects, several under way at once, their outcomes in order. */
import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../src/engines/local/concurrently.js';

/** Work that finishes when the test says, recording how many run at once. */
function controlled() {
  const waiting = new Map<number, () => void>();
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const work = async (item: number) => {
    started.push(item);
    most = Math.max(most, ++running);
    await new Promise<void>((resolve) => waiting.set(item, resolve));
    running--;
    if (item < 0) throw new Error(`item ${item} failed`);
    return item * 10;
  };
  const finish = async (item: number) => {
    while (!waiting.has(item)) await new Promise(setImmediate);
    waiting.get(item)!();
    waiting.delete(item);
  };
  return { work, finish, started, most: () => most, waiting };
}

describe('mapConcurrently', () => {
  it('keeps at most the limit under way, and gives the results in the items’ order whatever order they end in', async () => {
    const { work, finish, most } = controlled();
    const items = [1, 2, 3, 4, 5, 6, 7];
    const all = mapConcurrently(items, 3, work);
    for (const item of [3, 1, 2, 6, 5, 4, 7]) await finish(item);
    expect(await all).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most()).toBe(3);
  });

  it('starts nothing after a failure, and rejects with it only once the work under way has settled', async () => {
    const { work, finish, started } = controlled();
    let settled = false;
    const all = mapConcurrently([1, -2, 3, 4], 2, work).finally(() => (settled = true));
    all.catch(() => {});
    await finish(-2);
    for (let turn = 0; turn < 10; turn++) await new Promise(setImmediate);
    expect(settled, 'item 1 is still under way').toBe(false);
    await finish(1);
    await expect(all).rejects.toThrow('item -2 failed');
    expect(started).toEqual([1, -2]);
  });

  it('with no items, resolves to none', async () => {
    expect(await mapConcurrently([], 8, async () => 1)).toEqual([]);
  });
});
