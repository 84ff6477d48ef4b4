/**
 * The top of report.html: the verdict against the gate, whether the audit saw all the logs and why not, and the
 * figures a reviewer reads first.
 */
import type { AuditResult } from '../../core/result.js';
import type { GateOutcome, RunStatus } from '../../core/verdict.js';
import { number } from '../markdown/format.js';
import { breakAtSeparators, escapeHtml } from './escape.js';

const BADGE: Readonly<Record<RunStatus, string>> = {
  passed: 'Pass',
  failed: 'Fail',
  incomplete: 'Incomplete',
  'not-gated': 'Report only',
};

/** How a gate's line is marked, and its class. */
const OUTCOME: Readonly<Record<GateOutcome, { mark: string; kind: string }>> = {
  passed: { mark: '✓', kind: 'passed' },
  failed: { mark: '✗', kind: 'failed' },
  undecided: { mark: '?', kind: 'undecided' },
  off: { mark: 'ℹ', kind: 'info' },
};

function completeness(result: AuditResult): string {
  if (result.complete) {
    return '<div class="status complete" data-complete="true"><strong>Complete.</strong> Every audited account had logs and every log file was read.</div>';
  }
  const reasons = result.incompleteReasons
    .map((r) => `<li>${breakAtSeparators(escapeHtml(r))}</li>`)
    .join('');
  return (
    '<div class="status incomplete" data-complete="false"><strong>Incomplete:</strong> the counts may be lower than ' +
    `the truth.<ul>${reasons}</ul></div>`
  );
}

function figure(name: string, label: string, amount: number | null, note = ''): string {
  const shown = amount === null ? 'not measured' : number(amount);
  return `<div class="figure" data-figure="${name}"><span class="amount">${shown}</span><span class="name">${label}</span>${note}</div>`;
}

function figures(result: AuditResult): string {
  const { totals, coverage } = result;
  const accounts = coverage === null ? null : new Set(coverage.cells.map((c) => c.account)).size;
  const withLogs = accounts === null ? null : accounts - coverage!.accountsWithoutLogs.length;
  return (
    '<div class="figures">' +
    figure('support-calls', 'support calls', totals.supportCalls) +
    figure('write-calls', 'write (non-read-only) calls', totals.writeCalls) +
    figure('duplicate-deliveries', 'duplicate deliveries folded', totals.duplicateDeliveries) +
    figure('records', 'records read', coverage === null ? null : coverage.read.records) +
    figure(
      'accounts-with-logs',
      `of ${accounts === null ? '?' : number(accounts)} accounts with logs`,
      withLogs,
    ) +
    figure(
      'trail-changes',
      'trail changes',
      result.trailChanges === null ? null : result.trailChanges.length,
    ) +
    '</div>'
  );
}

export function headline(result: AuditResult): string {
  const { status, statement, gates } = result.verdict;
  const items = gates
    .filter((gate) => gate.shown)
    .map((gate) => {
      const { mark, kind } = OUTCOME[gate.outcome];
      return `<li class="${kind}"><span aria-hidden="true">${mark}</span> ${escapeHtml(gate.reason)}</li>`;
    })
    .join('');
  const sample =
    result.scope.sample === null
      ? ''
      : `<div class="status sample"><strong>Synthetic sample:</strong> ${escapeHtml(result.scope.sample)}.</div>`;
  return (
    `<section class="headline" aria-label="Verdict">${sample}` +
    `<div class="verdict ${status}" data-verdict="${status}"><span class="badge">${BADGE[status]}</span>` +
    `<div><p>${escapeHtml(statement)}</p><ul class="checks">${items}</ul></div></div>` +
    `${completeness(result)}${figures(result)}</section>`
  );
}
