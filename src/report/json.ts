/**
 * summary.json and events.json, the machine-readable contract documented in docs/summary-json.md. Both are
 * written through their schemas (core/contract/summary.ts), which give the documented key order, drop what the
 * contract does not hold, and refuse a result that does not fit it.
 */
import { SUPPORT_EVENT_KEYS, type SupportEvent } from '../core/events.js';
import type { AuditResult } from '../core/result.js';
import { auditSummarySchema, type AuditSummary, type GateName } from '../core/contract/summary.js';
import { windowSchema } from '../core/contract/parts.js';
import { escapeInvisibleInJson } from './invisible.js';

export type SummaryJson = AuditSummary;

/** Pretty JSON, each invisible character from the logs written as its `\\uXXXX` escape (docs/summary-json.md). */
function pretty(value: unknown): string {
  return `${escapeInvisibleInJson(JSON.stringify(value, null, 2))}\n`;
}

/** The summary.json object: the result without its event list, the verdict restated as the first release had it. */
export function summary(result: AuditResult): SummaryJson {
  const gate = (name: GateName) => result.verdict.gates.find((g) => g.name === name)!;
  const threshold = gate('threshold');
  return auditSummarySchema.parse({
    ...result,
    threshold: { max: threshold.limit, exceeded: threshold.outcome === 'failed' },
    writeCallGate: {
      enabled: gate('write-calls').enabled,
      exceeded: gate('write-calls').outcome === 'failed',
    },
    requireLogs: {
      enabled: gate('require-complete').enabled,
      failed: gate('require-complete').outcome === 'failed',
    },
  });
}

export function renderSummaryJson(result: AuditResult): string {
  return pretty(summary(result));
}

/** An event with its keys in the documented order; events are many, so they are not parsed one by one. */
function event(e: SupportEvent): SupportEvent {
  return Object.fromEntries(SUPPORT_EVENT_KEYS.map((key) => [key, e[key]])) as SupportEvent;
}

/** How many events make one piece of events.json or events.csv: a few hundred KiB of text. */
export const EVENTS_PER_CHUNK = 500;

/** `count` items at a time, so a long list is rendered piece by piece. */
export function* inChunks<T>(items: readonly T[], count = EVENTS_PER_CHUNK): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += count) yield items.slice(start, start + count);
}

/**
 * events.json in pieces, as JSON.stringify(…, null, 2) would write it whole: a million support calls make more
 * text than one string can hold.
 */
export function* eventsJsonChunks(result: AuditResult): Generator<string> {
  const head = pretty({
    schemaVersion: result.schemaVersion,
    window: windowSchema.parse(result.window),
    eventsComplete: result.eventsComplete,
    complete: result.complete,
    events: [],
  });
  if (result.events.length === 0) {
    yield head;
    return;
  }
  yield `${head.slice(0, head.lastIndexOf('[]'))}[\n`;
  let separator = '';
  for (const chunk of inChunks(result.events)) {
    // Strings are escaped onto one line, so indenting each line of an event nests it in the array.
    yield (
      separator + chunk.map((e) => `    ${pretty(event(e)).trimEnd().replaceAll('\n', '\n    ')}`).join(',\n')
    );
    separator = ',\n';
  }
  yield '\n  ]\n}\n';
}

export function renderEventsJson(result: AuditResult): string {
  return [...eventsJsonChunks(result)].join('');
}
