/**
 * summary.json and events.json, the machine-readable contract documented in docs/summary-json.md. Both are
 * written through their schemas (core/contract/summary.ts), which give the documented key order, drop what the
 * contract does not hold, and refuse a result that does not fit it.
 */
import { SUPPORT_EVENT_KEYS, type SupportEvent } from '../core/events.js';
import type { AuditResult } from '../core/result.js';
import { auditSummarySchema, type AuditSummary, type GateName } from '../core/contract/summary.js';

export type SummaryJson = AuditSummary;

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
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
    requireLogs: { enabled: gate('require-logs').enabled, failed: gate('require-logs').outcome === 'failed' },
  });
}

export function renderSummaryJson(result: AuditResult): string {
  return pretty(summary(result));
}

/** An event with its keys in the documented order; events are many, so they are not parsed one by one. */
function event(e: SupportEvent): SupportEvent {
  return Object.fromEntries(SUPPORT_EVENT_KEYS.map((key) => [key, e[key]])) as SupportEvent;
}

export function renderEventsJson(result: AuditResult): string {
  return pretty({
    schemaVersion: result.schemaVersion,
    window: { start: result.window.start, end: result.window.end },
    eventsComplete: result.eventsComplete,
    complete: result.complete,
    events: result.events.map(event),
  });
}
