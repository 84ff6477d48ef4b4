/** Grouping and counting rows into the figures of the result, most frequent first. */
import type { IdentityAndSource, SupportEvent } from '../result.js';

/** Counts of each distinct key, most frequent first, ties in key order so reports are stable. */
export function countBy<T>(
  items: readonly T[],
  key: (item: T) => string,
): Array<{ key: string; items: T[] }> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return (
    [...groups.entries()]
      .map(([k, group]) => ({ key: k, items: group }))
      // Keys are unique (a Map's), so a tie in count is never a tie in key.
      .sort((a, b) => b.items.length - a.items.length || (a.key < b.key ? -1 : 1))
  );
}

export function identityAndSource(events: readonly SupportEvent[]): IdentityAndSource[] {
  return countBy(events, (e) => JSON.stringify([e.sessionIssuer, e.eventSource])).map(({ items }) => ({
    username: items[0]!.sessionIssuer,
    eventSource: items[0]!.eventSource,
    count: items.length,
  }));
}

export function distinctWithCounts<Name extends string>(
  values: ReadonlyArray<string | null>,
  name: Name,
): Array<Record<Name, string | null> & { count: number }> {
  return countBy(values, (v) => JSON.stringify(v)).map(
    ({ items }) =>
      ({ [name]: items[0] ?? null, count: items.length }) as Record<Name, string | null> & { count: number },
  );
}
