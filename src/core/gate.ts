/** The gate: what makes an audit fail a workflow, each failure said with what was exceeded and by how much. */
import type { AuditResult } from './result.js';

export function gateFailures(result: AuditResult): string[] {
  const failures: string[] = [];
  const { threshold, totals, writeCallGate } = result;
  if (threshold.exceeded && threshold.max !== null) {
    failures.push(
      `AWS Support made ${totals.supportCalls} calls between ${result.window.start} and ${result.window.end}: ` +
        `${totals.supportCalls - threshold.max} over the threshold of ${threshold.max}.`,
    );
  }
  if (writeCallGate.exceeded) {
    failures.push(
      `AWS Support made ${totals.writeCalls} calls not recorded as read-only (fail-on-write-calls is on).`,
    );
  }
  return failures;
}
