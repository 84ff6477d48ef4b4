/** The report as a document: its sections in order, each a pure function of the result. */
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA, SUPPORT_HOST } from '../../core/criteria.js';
import type { AuditResult } from '../../core/result.js';
import { SAMPLE_LOGS_DIR, SECURITY_LAKE_SAMPLE_DIR } from '../../core/sample.js';
import { sourceDescription } from '../../core/sources/index.js';
import { list, staticTable, table, type Block } from './blocks.js';
import { NONE, text } from './escape.js';
import { capitalised, number, plural } from './format.js';
import { statistics } from './statistics.js';
import { charts } from './charts.js';
import { coverage } from './coverage.js';
import { articleAnswers, events, identities, trailChanges, unreadable, type EventLimit } from './tables.js';

function headline(result: AuditResult): string[] {
  const { supportCalls, writeCalls } = result.totals;
  const calls = plural(supportCalls, 'support call');
  const { max } = result.threshold;
  const lines: string[] = [];
  if (max === null) {
    lines.push(`ℹ️ ${calls} (no threshold set)`);
  } else if (result.threshold.exceeded) {
    lines.push(`❌ ${calls} — ${number(supportCalls - max)} over the threshold of ${number(max)}`);
  } else {
    lines.push(`✅ ${calls} — within the threshold of ${number(max)}`);
  }
  if (result.writeCallGate.enabled) {
    if (writeCalls === null) {
      lines.push(
        `⚠️ fail-on-write-calls is on, but the ${result.querySet} query set does not measure write calls, so it cannot fail`,
      );
    } else if (result.writeCallGate.exceeded) {
      lines.push(
        `❌ ${plural(writeCalls, 'write (non-read-only) support call')} — fail-on-write-calls is on`,
      );
    } else {
      lines.push('✅ no write (non-read-only) support calls — fail-on-write-calls is on');
    }
  }
  if (result.requireLogs.enabled) {
    const missing = result.coverage?.accountsWithoutLogs ?? [];
    lines.push(
      result.requireLogs.failed
        ? `❌ no logs in the window for ${missing.length > 0 ? missing.map((a) => text(a)).join(', ') : 'any account'} — require-logs is on`
        : '✅ logs in the window for every account — require-logs is on',
    );
  }
  return lines.map((line) => `**${line}**`);
}

/** The first lines: what was audited if it is not your logs, and why the figures may be short. */
function warnings(result: AuditResult): string[] {
  const lines: string[] = [];
  if (result.source.sample) {
    lines.push(
      `> ℹ️ **Synthetic sample:** these are the made-up logs shipped in ${result.source.name === 'cloudtrail' ? SAMPLE_LOGS_DIR : SECURITY_LAKE_SAMPLE_DIR} to show the report, not ` +
        'logs of your accounts. Give --logs or --bucket to audit yours.',
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

/**
 * What was audited. Athena reads a table over the bucket, so its scope names the table; the local engine reads
 * folders and files, and its scope speaks of those.
 */
function scope(result: AuditResult): string {
  const { table: t, window } = result;
  const joined = (values: readonly string[]) =>
    values.length === 0 ? NONE : values.map((value) => text(value)).join(', ');
  const where =
    result.engine === 'athena'
      ? [
          `Engine: Athena${result.statistics.athenaRegion === null ? '' : ` (${text(result.statistics.athenaRegion)})`}`,
          `Table: ${text(`${t.database}.${t.table}`)}, partitioned by ${joined(t.partitions)}`,
          `Location: ${text(t.location)}`,
        ]
      : [
          `Engine: local (DuckDB), over a copy of the ${result.source.name === 'cloudtrail' ? 'trail' : 'Security Lake'} bucket`,
          `Logs: ${text(t.location)}`,
        ];
  const source = sourceDescription(result.source);
  return list([
    `Window: ${text(window.start)} to ${text(window.end)} (UTC, both days included)`,
    ...(source === undefined ? [] : [`Source: ${text(source)}`]),
    ...where,
    `Query set: ${text(result.querySet)}`,
    `Accounts: ${joined(t.accounts)}`,
    `Regions: ${joined(t.regions)}`,
    ...t.actions.map(
      (action, i) => `${result.engine === 'athena' ? 'Table' : i === 0 ? 'Read' : 'Note'}: ${text(action)}`,
    ),
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
  const union =
    result.querySet === 'seed' ? 'the sourceIp criterion alone (see below)' : 'the union of the above';
  rows.push(
    ['**Support calls (any criterion)**', `**${number(result.totals.supportCalls)}**`, union],
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
  const parts = [staticTable(['Criterion', 'Calls', 'What it matches'], rows, [1])];
  if (result.querySet === 'seed') {
    parts.push(
      `The seed query set runs the article's queries as written: its support calls are the ${SUPPORT_HOST} ` +
        'source IP criterion alone.',
    );
  }
  return parts.join('\n\n');
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
    accountRegion.push(result.querySet === 'seed' ? `${capitalised(notMeasured)}.` : 'No support calls.');
  }
  return {
    before: [
      `# AWS Support activity in CloudTrail${result.source.name === 'security-lake' ? ', from Amazon Security Lake' : ''}${result.source.sample ? ' (synthetic sample)' : ''}`,
      ...warnings(result),
    ],
    after: [
      ...headline(result),
      ...charts(result),
      '## Scope',
      scope(result),
      '## Counts',
      counts(result, notMeasured),
      ...coverage(result, notMeasured),
      ...accountRegion,
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
