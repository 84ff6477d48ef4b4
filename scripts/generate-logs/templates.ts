/** Record templates: a record serialised once with slots, rendered many times by filling the slots. */
import type { Tags } from './counts.js';
import { UPPER_ALNUM, type Random } from './random.js';

/**
 * Slots in a template: T eventTime, C session creation time, E eventID, R a UUID request id, S an S3-style
 * request id. A slot used twice in one record gets the same value both times.
 */
export type Slot = 'T' | 'C' | 'E' | 'R' | 'S';
const SLOT = /@@([TCERS])@@/;
export const SLOT_TOKEN = (slot: Slot) => `@@${slot}@@`;

export interface Template {
  readonly tags: Tags;
  readonly account: string;
  readonly region: string;
  /** Text between slots; `slots[i]` sits between `parts[i]` and `parts[i + 1]`. */
  readonly parts: readonly string[];
  readonly slots: readonly Slot[];
}

export function compile(record: object, tags: Tags, account: string, region: string): Template {
  const pieces = JSON.stringify(record).split(SLOT);
  const parts: string[] = [];
  const slots: Slot[] = [];
  pieces.forEach((piece, i) => (i % 2 === 0 ? parts.push(piece) : slots.push(piece as Slot)));
  return { tags, account, region, parts, slots };
}

export function render(template: Template, eventTime: string, random: Random): string {
  let requestId: string | undefined;
  let s3RequestId: string | undefined;
  let out = template.parts[0]!;
  for (let i = 0; i < template.slots.length; i++) {
    switch (template.slots[i]) {
      case 'T':
        out += eventTime;
        break;
      case 'C':
        out += `${eventTime.slice(0, 14)}00:00Z`;
        break;
      case 'E':
        out += random.uuid();
        break;
      case 'R':
        out += requestId ??= random.uuid();
        break;
      case 'S':
        out += s3RequestId ??= random.chars(UPPER_ALNUM, 16);
        break;
    }
    out += template.parts[i + 1];
  }
  return out;
}
