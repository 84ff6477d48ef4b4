/** The report as a document: its sections in order, each a pure function of the result. */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../../core/criteria.js';
import { QUERY_SETS } from '../../core/query-sets/index.js';
import type { AuditResult } from '../../core/result.js';
import type { GateOutcome, RunStatus } from '../../core/verdict.js';
import { list, staticTable, table, type Block } from './blocks.js';
import { NONE, text } from './escape.js';
import { capitalised, number } from './format.js';
import { statistics } from './statistics.js';

import { charts } from './charts.js';
import { coverage } from './coverage.js';
import { since } from './since.js';
import { explanation } from './explanation.js';
import { articleAnswers, events, identities, trailChanges, unreadable, type EventLimit } from './tables.js';

const STATUS_MARK: Readonly<Record<RunStatus, string>> = {
  passed: '✅',
  failed: '❌',
  incomplete: '⚠️',
  'not-gated': 'ℹ️',
};

const OUTCOME_MARK: Readonly<Record<GateOutcome, string>> = {
  passed: '✅',
  failed: '❌',
  undecided: '⚠️',
  off: 'ℹ️',
};

/** The verdict: the run's status, then each gate listed with its outcome. */
function headline(result: AuditResult): string[] {
  const { verdict } = result;
  const gates = verdict.gates.filter((gate) => gate.shown);
  return [
    `**${STATUS_MARK[verdict.status]} ${text(verdict.statement)}**`,
    ...(gates.length === 0
      ? []
      : [list(gates.map((gate) => `${OUTCOME_MARK[gate.outcome]} ${text(gate.reason)}`))]),
  ];
}

/** The first lines: what was audited if it is not your logs, and why the figures may be short. */
function warnings(result: AuditResult): string[] {
  const lines: string[] = [];
  if (result.scope.sample !== null) {
    lines.push(
      `> ℹ️ **Synthetic sample:** these are ${text(result.scope.sample)}. Give --logs or --bucket to audit yours.`,
    );
  }
  if (!result.complete) {
    lines.push(
      `> ⚠️ **Incomplete:** ${result.incompleteReasons.map((r) => text(r)).join('; ')}. The counts below may ` +
        'be lower than the truth: see "Coverage" and "Unreadable files".',
    );
  }
  return lines;
}

/** What was audited, and how: the engine's own description of what it read. */
function scope(result: AuditResult): string {
  const { table: t, window, scope } = result;
  const joined = (values: readonly string[]) =>
    values.length === 0 ? NONE : values.map((value) => text(value)).join(', ');
  return list([
    `Window: ${text(window.start)} to ${text(window.end)} (UTC, both days included)`,
    ...(scope.source === null ? [] : [`Source: ${text(scope.source)}`]),
    `Engine: ${text(scope.engine)}`,
    ...scope.details.map((detail) => `${text(detail.label)}: ${text(detail.value)}`),
    `Query set: ${text(result.querySet)}`,
    `Accounts: ${joined(t.accounts)}`,
    `Regions: ${joined(t.regions)}`,
    `Generated: ${text(result.generatedAt)}`,
  ]);
}

function counts(result: AuditResult, notMeasured: string): string {
  const figure = (value: number | null) => (value === null ? notMeasured : number(value));
  const rows = SUPPORT_CRITERIA.map(({ name, field, description }) => [
    text(name),
    figure(result.totals[field]),
    text(description),
  ]);
  const { terms } = QUERY_SETS[result.querySet];
  rows.push(
    ['**Support calls (any criterion)**', `**${number(result.totals.supportCalls)}**`, terms.supportCalls],
    [
      'Write (non-read-only) calls',
      figure(result.totals.writeCalls),
      'support calls whose readOnly is not "true"',
    ],
    [
      'Duplicate deliveries',
      figure(result.totals.duplicateDeliveries),
      'extra deliveries of a call already counted (same eventID and account), not counted again',
    ],
  );
  const table = staticTable(['Criterion', 'Calls', 'What it matches'], rows, [1]);
  return terms.countsNote === null ? table : `${table}\n\n${text(terms.countsNote)}`;
}

function context(result: AuditResult, notMeasured: string): string {
  const figure = (value: number | null) => (value === null ? notMeasured : number(value));
  return [
    '## Context (not counted as support calls)',
    list(
      CONTEXT_PREDICATES.map((p) => `${text(capitalised(p.description))}: ${figure(result.context[p.name])}`),
    ),
  ].join('\n\n');
}

export function document(result: AuditResult, eventLimit?: EventLimit): { before: Block[]; after: Block[] } {
  const notMeasured = `not measured by the ${result.querySet} query set`;
  const accountRegion: Block[] = ['## By account and region'];
  if (result.byAccountAndRegion.length > 0) {
    accountRegion.push(
      table(
        ['Account', 'Region', 'Calls'],
        result.byAccountAndRegion.map((r) => [text(r.account), text(r.region), number(r.count)]),
        [2],
      ),
    );
  } else {
    accountRegion.push(result.eventsComplete ? 'No support calls.' : `${capitalised(notMeasured)}.`);
  }
  return {
    before: [
      `# ${text(result.scope.title)}${result.scope.sample === null ? '' : ' (synthetic sample)'}`,
      ...warnings(result),
    ],
    after: [
      ...headline(result),
      ...charts(result),
      ...since(result),
      '## Scope',
      scope(result),
      '## Counts',
      counts(result, notMeasured),
      ...coverage(result, notMeasured),
      ...accountRegion,
      ...explanation(result),
      ...articleAnswers(result),
      ...identities(result, notMeasured),
      context(result, notMeasured),
      ...trailChanges(result, notMeasured),
      ...events(result, eventLimit),
      ...unreadable(result),
      statistics(result),
    ],
  };
}
