/**
 * The report as Markdown: report.md, the terminal, the GitHub job summary and the PR comment all read this one
 * rendering. It stays plain enough to read as text (pipe tables, Mermaid charts, no HTML) and treats every
 * CloudTrail-derived string as hostile (see escape.ts, and charts.ts for the labels of a chart).
 */
import type { AuditResult } from '../../core/result.js';
import { fitDocument, type FitOptions } from './fit.js';
import { document } from './sections.js';

export { escapeMarkdown, MAX_CELL_CHARS } from './escape.js';
export type { FitOptions as MarkdownOptions } from './fit.js';

/**
 * GitHub rejects a step's job summary above 1 MiB. The margin leaves room for the lines a caller adds around
 * the report and for the line ending core.summary appends.
 */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

/** GitHub's limit on a PR comment body, in characters (not bytes). */
export const PR_COMMENT_MAX_CHARS = 65_536;

/**
 * Support calls report.md lists (and so the job summary and the comment, cut further to fit) before pointing to
 * events.csv, which has them all: a million rows would make a report no one reads, larger than a string can hold.
 */
export const REPORT_EVENT_ROWS = 100_000;

/**
 * Renders the result as Markdown. With `maxBytes` or `maxChars`, a rendering that is too long keeps the
 * headline, warnings, charts, counts and statistics whole and cuts the long tables to the same number of rows each,
 * the most that fits, each with a pointer to the full report.
 */
export function renderMarkdown(result: AuditResult, options: FitOptions = {}): string {
  return fitDocument(document(result, { rows: REPORT_EVENT_ROWS, file: 'events.csv' }), options);
}

/** Support calls the terminal lists before pointing to the file that has them all. */
export const TERMINAL_EVENT_ROWS = 50;

/** The report for a terminal: whole, but for the list of calls, which stops after a page and names the CSV. */
export function renderTerminalReport(
  result: AuditResult,
  files: { readonly reportMd: string; readonly eventsCsv: string },
): string {
  return fitDocument(document(result, { rows: TERMINAL_EVENT_ROWS, file: files.eventsCsv }), {
    fullReportPath: files.reportMd,
  });
}

/** The report for a PR comment, leaving `reservedChars` for what the caller adds (a marker to find it again). */
export function fitComment(
  result: AuditResult,
  options: { readonly fullReportPath?: string; readonly reservedChars?: number } = {},
): string {
  return renderMarkdown(result, {
    maxChars: PR_COMMENT_MAX_CHARS - (options.reservedChars ?? 0),
    fullReportPath: options.fullReportPath,
  });
}

/** The report for the GitHub job summary. */
export function fitJobSummary(
  result: AuditResult,
  options: { readonly fullReportPath?: string } = {},
): string {
  return renderMarkdown(result, { maxBytes: JOB_SUMMARY_MAX_BYTES, fullReportPath: options.fullReportPath });
}

/** The job summary of a run that failed before it had a result: the message, inert, in a code block. */
export function renderFailureSummary(message: string): string {
  return `## ❌ AWS Support call audit failed\n\n\`\`\`text\n${message.replaceAll('```', "'''")}\n\`\`\`\n`;
}
