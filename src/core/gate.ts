/** The gate: what makes an audit fail a workflow, each failure said with what was exceeded and by how much. */
import type { AuditResult } from './result.js';
import { plural } from './wording.js';

export function gateFailures(result: AuditResult): string[] {
  const failures: string[] = [];
  const { threshold, totals, writeCallGate, requireLogs, coverage, window } = result;
  if (requireLogs.failed) {
    const accounts = coverage?.accountsWithoutLogs ?? [];
    failures.push(
      `No CloudTrail logs between ${window.start} and ${window.end} for ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')} ` +
        '(require-logs is on): the audit cannot say whether AWS Support called anything there. Check the bucket, ' +
        'prefix, organization id, accounts, regions and window; set require-logs to false to report without failing.',
    );
  }
  if (threshold.exceeded && threshold.max !== null) {
    failures.push(
      `AWS Support made ${plural(totals.supportCalls, 'call')} between ${result.window.start} and ${result.window.end}: ` +
        `${totals.supportCalls - threshold.max} over the threshold of ${threshold.max}.`,
    );
  }
  if (writeCallGate.exceeded) {
    failures.push(
      `AWS Support made ${plural(totals.writeCalls ?? 0, 'call')} not recorded as read-only (fail-on-write-calls is on).`,
    );
  }
  return failures;
}
