/** The action's step outputs, from the result and the files written. */
import * as core from '@actions/core';
import type { AuditResult } from '../core/result.js';
import type { ReportFiles } from '../report/files.js';

export function setOutputs(result: AuditResult, files: ReportFiles): void {
  core.setOutput('support-calls', result.totals.supportCalls);
  core.setOutput('write-calls', result.totals.writeCalls ?? '');
  core.setOutput('sessions', result.explanation?.sessions ?? '');
  core.setOutput('unexplained-sessions', result.explanation?.unexplainedSessions ?? '');
  // Against the baseline, when one was used; empty otherwise (and what is new with the seed query set).
  core.setOutput('continuity', result.sinceBaseline?.continuity?.status ?? '');
  core.setOutput('new-access', result.sinceBaseline?.new?.total ?? '');
  core.setOutput('status', result.verdict.status);
  core.setOutput('complete', result.complete);
  core.setOutput(
    'threshold-exceeded',
    result.verdict.gates.some((gate) => gate.name === 'threshold' && gate.outcome === 'failed'),
  );
  core.setOutput('report-dir', files.dir);
  core.setOutput('report-html', files.reportHtml);
  core.setOutput('summary-json', files.summaryJson);
  core.setOutput('events-json', files.eventsJson);
  core.setOutput('events-csv', files.eventsCsv);
  core.setOutput('data-scanned-bytes', result.statistics.dataScannedBytes);
  core.setOutput(
    'query-execution-ids',
    result.statistics.queries
      .map((q) => q.queryExecutionId ?? '')
      .filter(Boolean)
      .join(','),
  );
}

/** Writes the job summary; a summary that cannot be written is a warning, never the run's failure. */
export async function writeJobSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
