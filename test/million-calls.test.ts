/**
 * A million support calls: more text than one string can hold once written as events.json (about 800 MB), which
 * once ended the audit after its whole scan with "RangeError: Invalid string length". The result files are
 * rendered from the same result whatever the engine, so this writes them as both engines do. events.json and
 * events.csv are written in pieces and hold every call; report.md lists the first calls and says where the rest
 * are, and the job summary and the comment keep to GitHub's limits. Peak memory is the benchmark's figure.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../src/core/result.js';
import { renderEventsJson } from '../src/report/json.js';
import {
  prepareOutputDir,
  startReportFiles,
  writeReportFiles,
  type ReportFiles,
} from '../src/report/files.js';
import {
  fitComment,
  fitJobSummary,
  JOB_SUMMARY_MAX_BYTES,
  PR_COMMENT_MAX_CHARS,
  REPORT_EVENT_ROWS,
} from '../src/report/markdown/index.js';
import { resultFromEvents, supportEvent } from './helpers/result-factory.js';

const CALLS = 1_000_000;

let temp: string;
let result: AuditResult;
let files: ReportFiles;

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'support-audit-million-'));
  const template = supportEvent();
  const events = Array.from({ length: CALLS }, (_, i) => ({
    ...template,
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  }));
  result = { ...resultFromEvents([template]), events };
  const dir = await prepareOutputDir(path.join(temp, 'report'));
  await startReportFiles(dir);
  files = await writeReportFiles(result, dir);
}, 600_000);

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function lines(file: string): Promise<{ count: number; last: string }> {
  let count = 0;
  let last = '';
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    count += 1;
    if (line !== '') last = line;
  }
  return { count, last };
}

async function tail(file: string, bytes: number): Promise<string> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(bytes);
    await handle.read(buffer, 0, bytes, size - bytes);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

describe('the result files of 1,000,000 support calls', () => {
  it('events.csv holds a row for every call, the last one last', async () => {
    const { count, last } = await lines(files.eventsCsv);
    expect(count).toBe(CALLS + 1);
    expect(last.startsWith(`00000000-0000-4000-8000-${String(CALLS - 1).padStart(12, '0')},`)).toBe(true);
  }, 120_000);

  it('events.json is larger than any string and ends with the last call, well formed', async () => {
    expect((await stat(files.eventsJson)).size).toBeGreaterThan(2 ** 29);
    const end = await tail(files.eventsJson, 200);
    expect(end).toMatch(/"sessionId": null\n {4}}\n {2}]\n}\n$/);
    const { count } = await lines(files.eventsJson);
    // The lines of the file with no events, `"events": []` opened onto the lines of every event.
    const empty = renderEventsJson({ ...result, events: [] }).split('\n').length - 1;
    const perEvent = JSON.stringify(result.events[0], null, 2).split('\n').length;
    expect(count).toBe(empty + CALLS * perEvent + 1);
  }, 120_000);

  it('report.md lists the first calls and says where every call is', async () => {
    const markdown = await readFile(files.reportMd, 'utf8');
    expect(markdown).toContain(
      `… and ${(CALLS - REPORT_EVENT_ROWS).toLocaleString('en-US')} more support calls: every call is in events.csv.`,
    );
    expect(markdown.length).toBeLessThan(64 * 2 ** 20);
  });

  it('the job summary and the comment keep to GitHub limits and point to the full report', () => {
    const summary = fitJobSummary(result, { fullReportPath: 'report.md' });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(summary).toMatch(/more rows? in the full report \(report\.md\)/);
    expect(summary).toContain('more support calls: every call is in events.csv.');
    const comment = fitComment(result, { fullReportPath: 'report.md' });
    expect(comment.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS);
    expect(comment).toMatch(/more rows? in the full report \(report\.md\)/);
  }, 120_000);
});
