/**
 * Writes the result files of an audit; all their content comes from the pure renderers. The evidence files are
 * written all or none (temporary names, renamed once every one is written), and summary.json says at every
 * moment what the folder holds: `running` while the run goes on, the failure once it fails, and the audit only
 * once every other file is in place. So a kill, a failure or a second run never leaves an earlier run's evidence to pass for this one.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, messageOf } from '../core/errors.js';
import type { AuditResult } from '../core/result.js';
import { eventsCsvChunks } from './csv.js';
import { renderHtml } from './html/index.js';
import { eventsJsonChunks, renderSummaryJson } from './json.js';
import { renderMarkdown } from './markdown/index.js';
import { renderRunRecord } from './run-record.js';

export { prepareOutputDir } from './output-dir.js';

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

/** The result files besides summary.json, which stands for the folder and is replaced, never removed. */
const EVIDENCE = [
  REPORT_FILE_NAMES.reportMd,
  REPORT_FILE_NAMES.reportHtml,
  REPORT_FILE_NAMES.eventsJson,
  REPORT_FILE_NAMES.eventsCsv,
];

function unwritable(dir: string, error: unknown): InputError {
  const reason = messageOf(error);
  return new InputError('output-dir', dir, `must be a folder this process can create and write (${reason})`);
}

function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes every file whole, and all of them or none: each content goes to a temporary name first, and only once
 * every temporary file is written are they renamed into place. A failure removes every temporary file and every
 * file this call already put in place, and is thrown once nothing of the call is left, so the folder never holds
 * a mix of this run's files and none. A temporary file is created exclusively (O_EXCL), so never through a link
 * planted at its name; the rename replaces whatever is at the file's name, a link included, never its target.
 */
async function writeAllOrNothing(
  files: ReadonlyArray<readonly [string, string | Iterable<string>]>,
  signal?: AbortSignal,
): Promise<void> {
  const pending = files.map(([file, content]) => ({ file, content, temporary: temporaryName(file) }));
  const placed: string[] = [];
  const settle = async (steps: ReadonlyArray<Promise<unknown>>): Promise<void> => {
    const failure = (await Promise.allSettled(steps)).find((step) => step.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  };
  try {
    await settle(
      pending.map(({ temporary, content }) =>
        writeFile(temporary, content, { encoding: 'utf8', flag: 'wx', signal }),
      ),
    );
    await settle(
      pending.map(async ({ temporary, file }) => {
        await rename(temporary, file);
        placed.push(file);
      }),
    );
  } catch (error) {
    await Promise.all(
      [...pending.map(({ temporary }) => temporary), ...placed].map((file) => rm(file, { force: true })),
    );
    throw error;
  }
}

/** Writes `content` to `file` whole or not at all. */
async function writeWhole(file: string, content: string, signal?: AbortSignal): Promise<void> {
  await writeAllOrNothing([[file, content]], signal);
}

async function removeEvidence(dir: string): Promise<void> {
  await Promise.all(EVIDENCE.map((name) => rm(path.join(dir, name), { force: true })));
}

/** Marks the folder (a real path, from prepareOutputDir) as holding a run in progress, and clears the last run's files. */
export async function startReportFiles(dir: string, now: Date = new Date()): Promise<void> {
  try {
    await writeWhole(
      path.join(dir, REPORT_FILE_NAMES.summaryJson),
      renderRunRecord({ status: 'running', generatedAt: now.toISOString() }),
    );
    await removeEvidence(dir);
  } catch (error) {
    throw unwritable(dir, error);
  }
}

/**
 * Replaces the folder's summary.json with the failure (`interrupted` when a signal stopped the run), and removes
 * any other result file.
 */
export async function recordFailure(
  dir: string,
  error: string,
  status: 'failed' | 'interrupted' = 'failed',
  now: Date = new Date(),
): Promise<string> {
  const summaryJson = path.join(dir, REPORT_FILE_NAMES.summaryJson);
  await writeWhole(summaryJson, renderRunRecord({ status, generatedAt: now.toISOString(), error }));
  await removeEvidence(dir);
  return summaryJson;
}

/**
 * events.json and events.csv are written in pieces, as they are rendered: a million support calls make more text
 * than one string can hold. A signal stops the writes, and summary.json then never holds the result.
 */
export async function writeReportFiles(
  result: AuditResult,
  dir: string,
  signal?: AbortSignal,
): Promise<ReportFiles> {
  const absolute = path.resolve(dir);
  const files: ReportFiles = {
    dir: absolute,
    reportMd: path.join(absolute, REPORT_FILE_NAMES.reportMd),
    reportHtml: path.join(absolute, REPORT_FILE_NAMES.reportHtml),
    summaryJson: path.join(absolute, REPORT_FILE_NAMES.summaryJson),
    eventsJson: path.join(absolute, REPORT_FILE_NAMES.eventsJson),
    eventsCsv: path.join(absolute, REPORT_FILE_NAMES.eventsCsv),
  };
  const evidence: ReadonlyArray<readonly [string, string | Iterable<string>]> = [
    [files.reportMd, renderMarkdown(result)],
    [files.reportHtml, renderHtml(result)],
    [files.eventsJson, eventsJsonChunks(result)],
    [files.eventsCsv, eventsCsvChunks(result.events)],
  ];
  try {
    await writeAllOrNothing(evidence, signal);
    signal?.throwIfAborted();
    // Last: until summary.json holds the audit, the folder says it holds a run in progress.
    await writeWhole(files.summaryJson, renderSummaryJson(result), signal);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw unwritable(dir, error);
  }
  return files;
}
