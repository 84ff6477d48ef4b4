/** Counts and sizes in words, the same in every message, report and log line. */

/** `1 call`, `2 calls`, `1,200 calls`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** A size in binary units, as AWS bills them: `812 bytes`, `194.10 KB`, `1.07 GB` (1 KB = 1,024 bytes). */
export function byteSize(value: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? plural(value, 'byte') : `${scaled.toFixed(2)} ${units[unit]}`;
}

/** Names as a sentence lists them: `a`, `a and b`, `a, b and c`. */
export function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The first `shown` names, then how many more: `a, b and 3 more`. */
export function firstNamed(names: readonly string[], shown: number): string {
  const first = names.slice(0, shown).join(', ');
  return names.length > shown ? `${first} and ${names.length - shown} more` : first;
}

/** The verb, or the pronoun, that agrees with how many things are named: `is`/`are`, `it`/`them`. */
export function agreeing(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
