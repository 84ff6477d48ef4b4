import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { renderEventsCsv } from '../src/report/csv.js';
import { prepareOutputDir, writeReportFiles } from '../src/report/files.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderRunRecord } from '../src/report/run-record.js';
import { renderEventsJson, renderSummaryJson } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown/index.js';
import type { AuditResult } from '../src/core/result.js';
import {
  auditResult,
  gated,
  localQuery,
  resultFromEvents,
  seedResult,
  supportEvent,
  withUnreadableFiles,
} from './helpers/result-factory.js';
import { validSummary } from './helpers/summary-schema.js';

const SUMMARY_KEYS = [
  'schemaVersion',
  'generatedAt',
  'engine',
  'querySet',
  'source',
  'window',
  'scope',
  'table',
  'criteria',
  'totals',
  'byAccountAndRegion',
  'byIdentityAndSource',
  'roleArns',
  'principalIds',
  'context',
  'trailChanges',
  'coverage',
  'sessions',
  'cases',
  'permits',
  'explanation',
  'article',
  'eventsComplete',
  'undatedSupportCalls',
  'unreadableFiles',
  'complete',
  'incompleteReasons',
  'verdict',
  'threshold',
  'writeCallGate',
  'requireLogs',
  'statistics',
  'sinceBaseline',
  'history',
  'touched',
];

let temp: string;

beforeEach(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'support-audit-report-'));
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** The same result with every object's keys in reverse order, as another builder might produce it. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    ) as T;
  }
  return value;
}

describe('renderSummaryJson', () => {
  it('holds everything but the events, in the documented order, pretty-printed with a final newline', () => {
    const result = gated(auditResult(), { threshold: 5 });
    const text = renderSummaryJson(result);
    validSummary(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,\n');
    const summary = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary).not.toHaveProperty('events');
    expect(summary.totals).toEqual(result.totals);
    expect(summary.threshold).toEqual({ max: 5, exceeded: false });
    expect(summary.article).toEqual(result.article);
  });

  it('keeps its key order whatever order the result was built in', () => {
    const result = auditResult();
    expect(renderSummaryJson(reversed(result))).toBe(renderSummaryJson(result));
    expect(renderEventsJson(reversed(result))).toBe(renderEventsJson(result));
  });

  it('keeps what the seed set does not measure as null, and the missing execution id of the local engine', () => {
    const seed = validSummary(renderSummaryJson(seedResult())) as unknown as AuditResult;
    expect(seed.totals).toEqual({
      supportCalls: 3,
      bySourceIp: 3,
      bySupportRole: null,
      byInvokedBy: null,
      writeCalls: null,
      duplicateDeliveries: null,
    });
    expect(seed.context).toEqual({
      supportApiCalls: null,
      supportAuthorizationEvents: null,
      trailChanges: null,
    });
    expect(seed.coverage).toBeNull();
    expect(seed.trailChanges).toBeNull();
    expect(seed.complete).toBe(false);
    expect(seed.roleArns[0]!.count).toBeNull();

    const local = auditResult(
      {},
      {
        engine: 'local',
        queries: [localQuery({ title: 'scan', dataScannedBytes: 0, engineExecutionMs: 5, totalMs: 5 })],
      },
    );
    const statistics = (validSummary(renderSummaryJson(local)) as unknown as AuditResult).statistics;
    expect(statistics.athenaRegion).toBeNull();
    expect(statistics.queries[0]).toEqual({
      id: 'single-scan',
      title: 'scan',
      queryExecutionId: null,
      dataScannedBytes: 0,
      engineExecutionMs: 5,
      queueMs: 0,
      totalMs: 5,
      reusedPreviousResult: false,
      link: null,
    });
  });
});

describe('writeReportFiles', () => {
  it('writes the five files into the folder prepareOutputDir creates', async () => {
    const result = withUnreadableFiles(auditResult(), [{ path: 'AWSLogs/x.json.gz', reason: 'not gzip' }]);
    const dir = await prepareOutputDir(path.join(temp, 'nested', 'support-audit-report'));
    expect(dir).toBe(path.join(temp, 'nested', 'support-audit-report'));
    const files = await writeReportFiles(result, dir);

    expect(files).toEqual({
      dir,
      reportMd: path.join(dir, 'report.md'),
      reportHtml: path.join(dir, 'report.html'),
      summaryJson: path.join(dir, 'summary.json'),
      eventsJson: path.join(dir, 'events.json'),
      eventsCsv: path.join(dir, 'events.csv'),
    });
    expect((await stat(dir)).isDirectory()).toBe(true);

    const report = await readFile(files.reportMd, 'utf8');
    expect(report).toBe(renderMarkdown(result));
    expect(report).toContain('**❌ The audit fails its gates.**');
    expect(report).toContain(
      '- ❌ the audit is incomplete: 1 log file could not be read; require-complete is on',
    );
    expect(report).toContain('- ℹ️ 3 support calls; no threshold set');
    expect(report).toContain('1 file could not be read');
    expect(await readFile(files.reportHtml, 'utf8')).toBe(renderHtml(result));

    const summaryText = await readFile(files.summaryJson, 'utf8');
    validSummary(summaryText);
    expect(summaryText).toBe(renderSummaryJson(result));
    const summary = JSON.parse(summaryText) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary.complete).toBe(false);
    expect(summary.unreadableFiles).toEqual([{ path: 'AWSLogs/x.json.gz', reason: 'not gzip' }]);

    const eventsText = await readFile(files.eventsJson, 'utf8');
    expect(eventsText.endsWith('}\n')).toBe(true);
    const events = JSON.parse(eventsText) as Record<string, unknown>;
    expect(Object.keys(events)).toEqual(['schemaVersion', 'window', 'eventsComplete', 'complete', 'events']);
    expect(events).toEqual({
      schemaVersion: 1,
      window: { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 },
      eventsComplete: true,
      complete: false,
      events: result.events,
    });

    const csv = await readFile(files.eventsCsv, 'utf8');
    expect(csv).toBe(renderEventsCsv(result.events));
    expect(csv.split('\r\n')).toHaveLength(result.events.length + 2);
    expect(csv).toContain(',GetRole,');
  });

  it('writes the whole report, however long, and resolves a relative folder', async () => {
    const result = resultFromEvents(
      Array.from({ length: 5_000 }, (_, i) => supportEvent({ principalId: `AROAEXAMPLE:s-${i}` })),
    );
    const relative = path.relative(process.cwd(), path.join(temp, 'relative'));
    await mkdir(relative);
    const files = await writeReportFiles(result, relative);
    expect(path.isAbsolute(files.dir)).toBe(true);
    expect(files.dir).toBe(path.join(temp, 'relative'));
    const report = await readFile(files.reportMd, 'utf8');
    expect(report).not.toContain('more rows in the full report');
    expect(report).toContain('| AROAEXAMPLE:s-4999 |');
  });

  it('writes a seed result with no events as an empty list and a header-only CSV', async () => {
    const files = await writeReportFiles(seedResult(), temp);
    const events = JSON.parse(await readFile(files.eventsJson, 'utf8')) as {
      eventsComplete: boolean;
      events: [];
    };
    expect(events.eventsComplete).toBe(false);
    expect(events.events).toEqual([]);
    expect((await readFile(files.eventsCsv, 'utf8')).split('\r\n')).toEqual([
      expect.stringMatching(/^eventId,/),
      '',
    ]);
  });

  it('names output-dir when the folder cannot be created', async () => {
    const blocker = path.join(temp, 'a-file');
    await writeFile(blocker, 'not a folder');
    const dir = path.join(blocker, 'report');
    const error = await prepareOutputDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('output-dir');
    expect((error as InputError).value).toBe(dir);
    expect((error as InputError).message).toContain('Invalid output-dir');
    expect((error as InputError).message).toContain('must be a folder this process can create and write');
  });

  it('names output-dir when a file cannot be written into the folder', async () => {
    // A folder where report.md should be makes that one write fail after the folder exists.
    await mkdir(path.join(temp, 'report.md'));
    const error = await writeReportFiles(auditResult(), temp).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('output-dir');
  });
});

describe('schema/summary.schema.json', () => {
  it('accepts the summaries of every kind of result: single-scan, seed, local, athena', () => {
    for (const result of [auditResult(), seedResult(), auditResult({ engine: 'local' })]) {
      expect(() => validSummary(renderSummaryJson(result))).not.toThrow();
    }
  });

  it('accepts the record of a run still going or failed, and nothing between the two shapes', () => {
    const generatedAt = '2025-01-08T09:00:00.000Z';
    expect(() => validSummary(renderRunRecord({ status: 'running', generatedAt }))).not.toThrow();
    expect(() =>
      validSummary(renderRunRecord({ status: 'failed', generatedAt, error: 'denied' })),
    ).not.toThrow();
    const halfway = { ...JSON.parse(renderSummaryJson(auditResult())), status: 'failed' };
    expect(() => validSummary(JSON.stringify(halfway))).toThrow(/must match a schema in anyOf/);
  });

  it('refuses a summary with a field of the wrong type, a missing field, or one it does not know', () => {
    const summary = JSON.parse(renderSummaryJson(auditResult())) as Record<string, Record<string, unknown>>;
    const broken = (change: (s: typeof summary) => void) => {
      const copy = structuredClone(summary);
      change(copy);
      return () => validSummary(JSON.stringify(copy));
    };
    expect(broken((s) => (s.totals!.supportCalls = '3'))).toThrow(/totals\/supportCalls must be integer/);
    expect(broken((s) => delete s.coverage)).toThrow(/must have required property 'coverage'/);
    expect(broken((s) => (s.window!.unexpected = true))).toThrow(/must NOT have additional properties/);
  });
});
