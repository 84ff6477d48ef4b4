/** Seeded randomness: every value the generator makes comes from here, so a seed fixes the output. */

/** Xorshift32 over a mixed seed: tiny, fast, and the same sequence on every platform. */
export class Random {
  private state: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x45d9f3b);
    s = Math.imul(s ^ (s >>> 16), 0x45d9f3b);
    s ^= s >>> 16;
    this.state = s >>> 0 || 0x2545f491;
  }

  uint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** A whole number from 0 to n - 1. */
  below(n: number): number {
    return Math.floor((this.uint32() / 0x1_0000_0000) * n);
  }

  /** A whole number from min to max, both included. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.below(alphabet.length)];
    return out;
  }

  /** A version-4-shaped UUID, as CloudTrail writes eventID and most requestIDs. */
  uuid(): string {
    const a = hex8(this.uint32());
    const b = hex8(this.uint32());
    const c = hex8(this.uint32());
    const d = hex8(this.uint32());
    const variant = '89ab'[this.below(4)];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX_DIGITS = '0123456789abcdef';

/** A string hash to seed per-name randomness, so an id depends on its name only, not on generation order. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A stable IAM-style unique id (AIDA..., AROA..., ASIA...) for a named principal. */
export function stableId(prefix: string, name: string): string {
  return prefix + new Random(hashSeed(`${prefix}:${name}`)).chars(UPPER_ALNUM, 17);
}

/** Stable lower-case hex, for instance ids, case ids and the like. */
export function stableHex(name: string, length: number): string {
  return new Random(hashSeed(name)).chars(HEX_DIGITS, length);
}
