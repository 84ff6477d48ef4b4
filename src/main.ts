/**
 * The GitHub Action: a thin adapter over the audit. It reads the inputs, runs the audit on Athena, and then
 * presents the outcome in a fixed order: outputs, job summary, pull-request comment, and the failure last.
 */
import * as core from '@actions/core';
import { COMMENT_MARKER, upsertPullRequestComment } from './action/comment.js';
import { readActionSettings } from './action/inputs.js';
import { setOutputs, writeJobSummary } from './action/outputs.js';
import { describeError } from './core/errors.js';
import { baselineWarning } from './core/since.js';
import { failureMessages } from './core/verdict.js';
import { fitComment, fitJobSummary, renderFailureSummary } from './report/markdown/index.js';
import { resultLine } from './report/result-line.js';
import { auditToFiles, RecordedFailure } from './run/audit-to-files.js';

export async function run(): Promise<void> {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => controller.abort(new Error(`${signal} received`));
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  try {
    const { settings, githubToken, workspace } = readActionSettings();
    core.info(
      `Auditing ${settings.accounts.join(', ')} in ${settings.regions.join(', ')} from ${settings.window.start} to ${settings.window.end}`,
    );
    const { result, files } = await auditToFiles(settings, {
      log: (message) => core.info(message),
      signal: controller.signal,
      within: workspace,
    });
    core.info(resultLine(result));
    const warning = baselineWarning(result.sinceBaseline);
    if (warning !== null) core.warning(warning);
    setOutputs(result, files);
    const failures = failureMessages(result.verdict);
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
    const failure = error instanceof RecordedFailure ? error.failure : error;
    const message = describeError(failure);
    if (error instanceof RecordedFailure) recordedFailureOutputs(error);
    await writeJobSummary(renderFailureSummary(message));
    core.setFailed(message);
  } finally {
    // The run's own handlers only: a process that runs the action again holds no stale ones.
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

/** The output folder and its summary.json, which holds the failure, so an upload ships that and no earlier result. */
function recordedFailureOutputs(failure: RecordedFailure): void {
  if (failure.summaryJson === undefined) {
    core.warning(`Could not record the failure in ${failure.dir}: ${failure.recordError}`);
    return;
  }
  core.setOutput('report-dir', failure.dir);
  core.setOutput('summary-json', failure.summaryJson);
}
