/**
 * The top of report.html: the verdict against the gate, whether the audit saw all the logs and why not, and the
 * figures a reviewer reads first.
 */
import { gateFailures } from '../../core/gate.js';
import type { AuditResult } from '../../core/result.js';
import { number, plural } from '../markdown/format.js';
import { escapeHtml } from './escape.js';

type Verdict = 'pass' | 'fail' | 'report-only';

interface Check {
  /** Null for a line that informs and cannot fail. */
  readonly passed: boolean | null;
  readonly text: string;
}

const MARK = { passed: '✓', failed: '✗', info: 'ℹ' } as const;

function checks(result: AuditResult): Check[] {
  const { totals, threshold, writeCallGate, requireLogs, coverage } = result;
  const found: Check[] = [];
  if (threshold.max === null) {
    found.push({ passed: null, text: `${plural(totals.supportCalls, 'support call')}; no threshold set` });
  } else {
    found.push({
      passed: !threshold.exceeded,
      text: threshold.exceeded
        ? `${plural(totals.supportCalls, 'support call')}: ${number(totals.supportCalls - threshold.max)} over the threshold of ${number(threshold.max)}`
        : `${plural(totals.supportCalls, 'support call')}, within the threshold of ${number(threshold.max)}`,
    });
  }
  if (writeCallGate.enabled) {
    found.push({
      passed: !writeCallGate.exceeded,
      text:
        totals.writeCalls === null
          ? `fail-on-write-calls is on, but the ${result.querySet} query set does not measure write calls`
          : `${plural(totals.writeCalls, 'write (non-read-only) support call')}; fail-on-write-calls is on`,
    });
  }
  if (requireLogs.enabled) {
    const missing = coverage?.accountsWithoutLogs ?? [];
    found.push({
      passed: !requireLogs.failed,
      text: requireLogs.failed
        ? `no logs in the window for ${missing.length > 0 ? missing.join(', ') : 'any account'}; require-logs is on`
        : 'logs in the window for every account; require-logs is on',
    });
  }
  return found;
}

function verdict(result: AuditResult, found: readonly Check[]): Verdict {
  if (gateFailures(result).length > 0) return 'fail';
  return found.every((check) => check.passed === null) ? 'report-only' : 'pass';
}

const VERDICT_WORDS: Readonly<Record<Verdict, { badge: string; line: string }>> = {
  pass: { badge: 'Pass', line: 'The audit passes its gate.' },
  fail: { badge: 'Fail', line: 'The audit fails its gate.' },
  'report-only': { badge: 'Report only', line: 'No gate is set: this audit reports and never fails.' },
};

function completeness(result: AuditResult): string {
  if (result.complete) {
    return '<div class="status complete" data-complete="true"><strong>Complete.</strong> Every audited account had logs and every log file was read.</div>';
  }
  const reasons = result.incompleteReasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
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
  const records = coverage?.cells.filter((c) => c.day >= result.window.start && c.day <= result.window.end);
  const accounts = coverage === null ? null : new Set(coverage.cells.map((c) => c.account)).size;
  const withLogs = accounts === null ? null : accounts - coverage!.accountsWithoutLogs.length;
  return (
    '<div class="figures">' +
    figure('support-calls', 'support calls', totals.supportCalls) +
    figure('write-calls', 'write (non-read-only) calls', totals.writeCalls) +
    figure('duplicate-deliveries', 'duplicate deliveries folded', totals.duplicateDeliveries) +
    figure(
      'records',
      'records read in the window',
      records === undefined ? null : records.reduce((s, c) => s + c.records, 0),
    ) +
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
  const found = checks(result);
  const outcome = verdict(result, found);
  const words = VERDICT_WORDS[outcome];
  const items = found
    .map((c) => {
      const kind = c.passed === null ? 'info' : c.passed ? 'passed' : 'failed';
      return `<li class="${kind}"><span aria-hidden="true">${MARK[kind]}</span> ${escapeHtml(c.text)}</li>`;
    })
    .join('');
  const sample = result.source.sample
    ? '<div class="status sample"><strong>Synthetic sample:</strong> the made-up logs shipped in examples/logs to show the report, not logs of your accounts.</div>'
    : '';
  return (
    `<section class="headline" aria-label="Verdict">${sample}` +
    `<div class="verdict ${outcome}" data-verdict="${outcome}"><span class="badge">${words.badge}</span>` +
    `<div><p>${words.line}</p><ul class="checks">${items}</ul></div></div>` +
    `${completeness(result)}${figures(result)}</section>`
  );
}
