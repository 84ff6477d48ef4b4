/** The audit in one line, for the end of the CLI's stderr and the action's log: what was found, over what. */
import type { AuditResult } from '../core/result.js';
import { plural } from '../core/wording.js';

export function resultLine(result: AuditResult): string {
  const { totals, table, window, threshold } = result;
  const writes = totals.writeCalls === null ? '' : ` (${totals.writeCalls} not read-only)`;
  const scope = `in ${plural(table.accounts.length, 'account')} and ${plural(table.regions.length, 'region')}`;
  const gate =
    threshold.max === null
      ? 'no threshold set'
      : `threshold ${threshold.max} ${threshold.exceeded ? 'exceeded' : 'not exceeded'}`;
  const parts = [
    `${result.source.sample ? 'Synthetic sample: ' : ''}${plural(totals.supportCalls, 'support call')}${writes} ${scope}, ` +
      `${window.start} to ${window.end}: ${gate}`,
  ];
  if (result.requireLogs.failed) parts.push('accounts without logs: require-logs failed');
  if (!result.complete) parts.push(`incomplete: ${result.incompleteReasons.join('; ')}`);
  return `${parts.join('; ')}.`;
}
