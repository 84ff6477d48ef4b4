/**
 * The GitHub Action: a thin adapter over the audit. It reads the inputs, runs the audit on Athena, and then
 * writes the evidence in a fixed order: files, outputs, job summary, pull-request comment, and the gate last.
 */
import * as core from '@actions/core';
import { readActionSettings } from './action/inputs.js';
import { COMMENT_MARKER, upsertPullRequestComment } from './action/comment.js';
import { runAudit } from './audit.js';
import { AthenaEngine } from './engines/athena.js';
import { describeError } from './errors.js';
import { gateFailures } from './gate.js';
import { prepareOutputDir, writeReportFiles } from './report/files.js';
import { fitComment, fitJobSummary } from './report/markdown.js';
import type { AuditResult } from './report/model.js';

function setOutputs(result: AuditResult, files: Awaited<ReturnType<typeof writeReportFiles>>): void {
  core.setOutput('support-calls', result.totals.supportCalls);
  core.setOutput('write-calls', result.totals.writeCalls ?? '');
  core.setOutput('threshold-exceeded', result.threshold.exceeded);
  core.setOutput('report-dir', files.dir);
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

async function writeJobSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

export async function run(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: string) => () => controller.abort(new Error(`${signal} received`));
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  try {
    const { settings, githubToken } = readActionSettings();
    core.info(
      `Auditing ${settings.accounts.join(', ')} in ${settings.regions.join(', ')} from ${settings.window.start} to ${settings.window.end}`,
    );
    await prepareOutputDir(settings.outputDir);
    const engine = await AthenaEngine.create(settings.athena, {
      log: (m) => core.info(m),
      signal: controller.signal,
    });
    let result: AuditResult;
    try {
      result = await runAudit(settings, engine);
    } finally {
      await engine.close();
    }
    const files = await writeReportFiles(result, settings.outputDir);
    setOutputs(result, files);
    const failures = gateFailures(result);
    await writeJobSummary(fitJobSummary(result, { fullReportPath: files.reportMd }));
    if (settings.commentOnPr === 'always' || (settings.commentOnPr === 'on-failure' && failures.length > 0)) {
      const body = fitComment(result, {
        fullReportPath: 'report.md in the report artifact',
        reservedChars: COMMENT_MARKER.length + 1,
      });
      await upsertPullRequestComment(githubToken, body);
    }
    if (failures.length > 0) core.setFailed(failures.join('\n'));
  } catch (error) {
    const message = describeError(error);
    await writeJobSummary(
      `## ❌ AWS Support call audit failed\n\n\`\`\`text\n${message.replaceAll('```', "'''")}\n\`\`\`\n`,
    );
    core.setFailed(message);
  }
}
