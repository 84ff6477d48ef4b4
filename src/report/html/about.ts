/** How report.html accounts for its figures: the count per criterion, the context, the scope and the queries. */
import { billedBytes, estimatedCostUsd, PRICE_LABEL } from '../../core/cost.js';
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../../core/criteria.js';
import { QUERY_SETS } from '../../core/query-sets/index.js';
import type { AuditResult } from '../../core/result.js';
import { bytes, capitalised, dollars, duration, number } from '../markdown/format.js';
import { escapeHtml, value, wrappingValue } from './escape.js';
import { table } from './tables.js';

function figure(amount: number | null, querySet: string): string {
  return amount === null ? `not measured by ${escapeHtml(querySet)}` : number(amount);
}

export function counts(result: AuditResult): string {
  const { totals, querySet } = result;
  const { countsNote } = QUERY_SETS[querySet].terms;
  const rows = SUPPORT_CRITERIA.map(({ name, field, description }) => [
    `<code>${name}</code>`,
    figure(totals[field], querySet),
    escapeHtml(description),
  ]);
  rows.push(
    [
      '<strong>Support calls (any criterion)</strong>',
      `<strong>${number(totals.supportCalls)}</strong>`,
      escapeHtml(QUERY_SETS[querySet].terms.supportCalls),
    ],
    [
      'Write (non-read-only) calls',
      figure(totals.writeCalls, querySet),
      'support calls whose readOnly is not "true"',
    ],
    [
      'Duplicate deliveries',
      figure(totals.duplicateDeliveries, querySet),
      'extra deliveries of a call already counted (same eventID and account), not counted again',
    ],
  );
  const context = CONTEXT_PREDICATES.map(
    (p) =>
      `<li>${escapeHtml(capitalised(p.description))}: <strong>${figure(result.context[p.name], querySet)}</strong></li>`,
  ).join('');
  return (
    '<section><h2 id="counts">Counts</h2>' +
    table('counts', ['Criterion', 'Calls', 'What it matches'], rows, [undefined, 'num']) +
    (countsNote === null ? '' : `<p>${escapeHtml(countsNote)}</p>`) +
    `<h3>Context (not counted as support calls)</h3><ul>${context}</ul></section>`
  );
}

export function scope(result: AuditResult): string {
  const { table: t, window, scope } = result;
  const joined = (values: readonly string[]) =>
    values.length === 0 ? '—' : values.map((v) => value(v)).join(', ');
  const items: Array<[string, string]> = [
    ['Window', `${value(window.start)} to ${value(window.end)} (UTC, both days included)`],
    ...(scope.source === null ? [] : [['Source', value(scope.source)] as [string, string]]),
    ['Engine', value(scope.engine)],
    ...scope.details.map((d): [string, string] => [
      value(d.label),
      `<span class="mono">${wrappingValue(d.value)}</span>`,
    ]),
    ['Query set', value(result.querySet)],
    ['Accounts', joined(t.accounts)],
    ['Regions', joined(t.regions)],
    ['Generated', value(result.generatedAt)],
  ];
  return `<section><h2 id="scope">Scope</h2><dl class="scope">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
}

export function statistics(result: AuditResult): string {
  const { queries } = result.statistics;
  const billed = result.scope.billing === null;
  const rows = queries.map((q) => [
    `<code>${value(q.id)}</code>`,
    ...(billed
      ? [
          bytes(q.dataScannedBytes),
          q.reusedPreviousResult ? 'reused earlier result' : dollars(estimatedCostUsd(billedBytes(q))),
        ]
      : []),
    duration(q.engineExecutionMs),
    duration(q.queueMs),
    duration(q.totalMs),
    ...(billed ? [`<span class="mono">${wrappingValue(q.queryExecutionId)}</span>`] : []),
  ]);
  const head = billed
    ? ['Query', 'Data scanned', 'Cost', 'Engine time', 'Queue time', 'Total time', 'Query execution']
    : ['Query', 'Engine time', 'Queue time', 'Total time'];
  const total = queries.reduce((sum, q) => sum + billedBytes(q), 0);
  const note = result.scope.billing ?? `Estimated cost ${dollars(estimatedCostUsd(total))} ${PRICE_LABEL}.`;
  return (
    '<section><h2 id="statistics">Statistics</h2>' +
    table('statistics', head, rows, [
      undefined,
      'num',
      'num',
      'num',
      ...(billed ? (['num', 'num'] as const) : []),
    ]) +
    `<p>${escapeHtml(note)}</p></section>`
  );
}
