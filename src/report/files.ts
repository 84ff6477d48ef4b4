/** Writes the result files of an audit; all their content comes from the pure renderers. */
import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { AuditResult } from '../core/result.js';
import { renderEventsCsv } from './csv.js';
import { renderHtml } from './html/index.js';
import { renderEventsJson, renderSummaryJson } from './json.js';
import { renderMarkdown } from './markdown/index.js';

/** Absolute paths of the written files. */
export interface ReportFiles {
  readonly dir: string;
  readonly reportMd: string;
  readonly reportHtml: string;
  readonly summaryJson: string;
  readonly eventsJson: string;
  readonly eventsCsv: string;
}

export const REPORT_FILE_NAMES = {
  reportMd: 'report.md',
  reportHtml: 'report.html',
  summaryJson: 'summary.json',
  eventsJson: 'events.json',
  eventsCsv: 'events.csv',
} as const;

function unwritable(dir: string, error: unknown): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError('output-dir', dir, `must be a folder this process can create and write (${reason})`);
}

/** Creates the folder and checks it is writable, so a bad output-dir fails before any query is paid for. */
export async function prepareOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw unwritable(dir, error);
  }
}

export async function writeReportFiles(result: AuditResult, dir: string): Promise<ReportFiles> {
  const absolute = path.resolve(dir);
  const files: ReportFiles = {
    dir: absolute,
    reportMd: path.join(absolute, REPORT_FILE_NAMES.reportMd),
    reportHtml: path.join(absolute, REPORT_FILE_NAMES.reportHtml),
    summaryJson: path.join(absolute, REPORT_FILE_NAMES.summaryJson),
    eventsJson: path.join(absolute, REPORT_FILE_NAMES.eventsJson),
    eventsCsv: path.join(absolute, REPORT_FILE_NAMES.eventsCsv),
  };
  const contents: ReadonlyArray<readonly [string, string]> = [
    [files.reportMd, renderMarkdown(result)],
    [files.reportHtml, renderHtml(result)],
    [files.summaryJson, renderSummaryJson(result)],
    [files.eventsJson, renderEventsJson(result)],
    [files.eventsCsv, renderEventsCsv(result.events)],
  ];
  try {
    await mkdir(absolute, { recursive: true });
    await Promise.all(contents.map(([file, content]) => writeFile(file, content, 'utf8')));
  } catch (error) {
    throw unwritable(dir, error);
  }
  return files;
}
