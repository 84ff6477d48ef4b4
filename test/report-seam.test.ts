/**
 * The seam between the engines and sources and the outputs: an engine and a source that exist only in this test
 * describe themselves, and every output renders their words, whatever engine or source name the result carries.
 * No output can then depend on which engine or source ran but through what they say of themselves.
 */
import { describe, expect, it } from 'vitest';
import { resultOf } from '../src/core/audit.js';
import type { EngineDescription, ReadTable, TableRequest } from '../src/core/engine.js';
import { tableLayout } from '../src/core/layout.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import type { AuditResult } from '../src/core/result.js';
import { CLOUDTRAIL_SOURCE } from '../src/core/sources/cloudtrail.js';
import type { AuditSource } from '../src/core/sources/source.js';
import { ENGINE_NAMES, SOURCE_NAMES, type EngineName, type SourceName } from '../src/core/types.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderSummaryJson } from '../src/report/json.js';
import { fitComment, fitJobSummary, renderMarkdown } from '../src/report/markdown/index.js';
import { resultLine } from '../src/report/result-line.js';
import {
  ACCOUNT,
  SCOPE,
  WINDOW,
  athenaQuery,
  defaultGates,
  singleScanResult,
  supportEvent,
} from './helpers/result-factory.js';

/** A source known only here: the CloudTrail relation, described in its own words. */
const seamSource: Omit<AuditSource, 'name'> = {
  ...CLOUDTRAIL_SOURCE,
  title: 'Seam Records',
  description: 'Seam Records are kept by a source that only this test knows.',
  bucket: 'the seam bucket',
  sampleFolder: 'seam/sample-folder',
};

const QUERY_ID = 'seam-query-0001';

/** An engine known only here, describing what it read as an engine of its own would. */
function describeSeamEngine({ prepared }: ReadTable): EngineDescription {
  return {
    title: `Seam Engine, over ${prepared.source!.bucket}`,
    details: [{ label: 'Seam detail', value: 'read through the seam engine' }],
    billing: 'The seam engine bills nothing.',
    queryLink: (id) => `https://seam.example/queries/${id}`,
  };
}

const REQUEST: TableRequest = {
  database: 'default',
  table: 'cloudtrail_logs_pp',
  source: 'cloudtrail',
  window: WINDOW,
  layouts: [
    {
      root: 's3://seam-bucket/',
      prefix: '',
      organizationId: undefined,
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      projectionStart: '2024-01-01',
    },
  ],
};

const EVENTS = [supportEvent(), supportEvent({ eventName: 'GetRole', eventSource: 'iam.amazonaws.com' })];

/** The audit of two support calls, read by the seam engine from the seam source under the names given. */
function seamResult(engine: EngineName, source: SourceName): AuditResult {
  const measured = QUERY_SETS['single-scan'].measure([singleScanResult(EVENTS)], SCOPE);
  const read: ReadTable = {
    request: REQUEST,
    prepared: {
      tables: [{ name: REQUEST, layout: tableLayout(REQUEST.layouts[0]!) }],
      actions: [],
      source: { ...seamSource, name: source },
    },
    findings: { unreadableFiles: [], notes: [] },
  };
  const { id, title, ...statistics } = athenaQuery({ queryExecutionId: QUERY_ID });
  return resultOf({
    settings: { querySet: 'single-scan', window: WINDOW, ...defaultGates(measured) },
    engine,
    region: undefined,
    read,
    description: describeSeamEngine(read),
    queries: [{ statement: { id, title, sql: '', parameters: [] }, statistics }],
    measured,
    generatedAt: '2025-01-08T09:00:00.000Z',
    sample: true,
  });
}

/** Every output an audit has, by the name users know it by. */
function outputs(result: AuditResult): Record<string, string> {
  return {
    'report.md': renderMarkdown(result),
    'report.html': renderHtml(result),
    'summary.json': renderSummaryJson(result),
    'job summary': fitJobSummary(result, { fullReportPath: 'report.md' }),
    'PR comment': fitComment(result, { fullReportPath: 'report.md' }),
    'one-line result': resultLine(result),
  };
}

const ENGINE_TITLE = 'Seam Engine, over the seam bucket';
/** The words each output must carry: the engine's and the source's, as they describe themselves. */
const EXPECTED: Record<string, readonly string[]> = {
  'report.md': [
    ENGINE_TITLE,
    'Seam detail',
    'read through the seam engine',
    'The seam engine bills nothing.',
    seamSource.title,
    seamSource.description!,
    seamSource.sampleFolder,
  ],
  'report.html': [
    ENGINE_TITLE,
    'Seam detail',
    'read through the seam engine',
    'The seam engine bills nothing.',
    seamSource.title,
    seamSource.description!,
    seamSource.sampleFolder,
  ],
  'summary.json': [
    ENGINE_TITLE,
    'Seam detail',
    'read through the seam engine',
    'The seam engine bills nothing.',
    seamSource.title,
    seamSource.description!,
    seamSource.sampleFolder,
    `https://seam.example/queries/${QUERY_ID}`,
  ],
  'job summary': [ENGINE_TITLE, 'read through the seam engine', seamSource.title, seamSource.description!],
  'PR comment': [ENGINE_TITLE, 'read through the seam engine', seamSource.title, seamSource.description!],
  'one-line result': [ENGINE_TITLE, seamSource.title],
};

const NAMES = ENGINE_NAMES.flatMap((engine) => SOURCE_NAMES.map((source) => [engine, source] as const));

describe('an engine and a source described only in a test', () => {
  const first = outputs(seamResult(...NAMES[0]!));

  it.each(Object.keys(EXPECTED))('render in %s, in their own words', (output) => {
    for (const words of EXPECTED[output]!) expect(first[output], output).toContain(words);
  });

  it.each(NAMES.slice(1))(
    'render every output the same under the engine name %s and the source name %s',
    (engine, source) => {
      const other = outputs(seamResult(engine, source));
      for (const [output, rendered] of Object.entries(first)) {
        if (output === 'summary.json') continue;
        expect(other[output], output).toBe(rendered);
      }
      const names = (json: string) => {
        const {
          engine: _engine,
          source: { name: _name, ...source },
          ...rest
        } = JSON.parse(json);
        return { ...rest, source };
      };
      expect(names(other['summary.json']!)).toEqual(names(first['summary.json']!));
      expect(JSON.parse(other['summary.json']!)).toMatchObject({ engine, source: { name: source } });
    },
  );
});
