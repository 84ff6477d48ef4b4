/**
 * The audit in one line, for the end of the CLI's stderr and the action's log: what was found, the verdict, and
 * what was audited on which engine, in the words the engine and the source give of themselves.
 */
import type { AuditResult } from '../core/result.js';
import { plural } from '../core/wording.js';
import { revealInvisible } from './invisible.js';

export function resultLine(result: AuditResult): string {
  const { totals, table, window, verdict, scope } = result;
  const writes = totals.writeCalls === null ? '' : ` (${totals.writeCalls} not read-only)`;
  const where = `in ${plural(table.accounts.length, 'account')} and ${plural(table.regions.length, 'region')}`;
  const found =
    `${result.source.sample ? 'Synthetic sample: ' : ''}${plural(totals.supportCalls, 'support call')}${writes} ` +
    `${where}, ${window.start} to ${window.end}`;
  const status = verdict.status === 'not-gated' ? 'not gated' : verdict.status;
  const gates = verdict.gates
    .filter((gate) => gate.enabled)
    .map((gate) => `${gate.reason} (${gate.outcome})`);
  // Event names do not reach the line, but a reason can name a log file, whose name the logs' owner chose.
  const line = [
    `${found}: ${status}.`,
    `Audited: ${scope.title}, on ${scope.engine}.`,
    ...(gates.length === 0 ? [] : [`Gates: ${gates.join('; ')}.`]),
    ...(result.complete ? [] : [`Incomplete: ${result.incompleteReasons.join('; ')}.`]),
  ].join(' ');
  return revealInvisible(line);
}
