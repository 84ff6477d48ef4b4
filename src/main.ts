/**
 * The GitHub Action: a thin adapter over the audit. It reads the inputs, runs the audit on Athena, and then
 * writes the evidence in a fixed order: files, outputs, job summary, pull-request comment, and the gate last.
 */
import * as core from '@actions/core';
import { COMMENT_MARKER, upsertPullRequestComment } from './action/comment.js';
import { readActionSettings } from './action/inputs.js';
import { setOutputs, writeJobSummary } from './action/outputs.js';
import { runAudit } from './core/audit.js';
import { describeError } from './core/errors.js';
import type { AuditResult } from './core/result.js';
import { failureMessages } from './core/verdict.js';
import { openEngine } from './engines/index.js';
import { prepareOutputDir, recordFailure, startReportFiles, writeReportFiles } from './report/files.js';
import { fitComment, fitJobSummary, renderFailureSummary } from './report/markdown/index.js';
import { resultLine } from './report/result-line.js';

export async function run(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: string) => () => controller.abort(new Error(`${signal} received`));
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  /** The output folder while it holds no result of this run: a failure is recorded there. */
  let unfinished: string | undefined;
  try {
    const { settings, githubToken, workspace } = readActionSettings();
    core.info(
      `Auditing ${settings.accounts.join(', ')} in ${settings.regions.join(', ')} from ${settings.window.start} to ${settings.window.end}`,
    );
    const dir = await prepareOutputDir(settings.outputDir, { within: workspace });
    await startReportFiles(dir);
    unfinished = dir;
    const engine = await openEngine(settings, { log: (m) => core.info(m), signal: controller.signal });
    let result: AuditResult;
    try {
      result = await runAudit(settings, engine);
    } finally {
      await engine.close();
    }
    const files = await writeReportFiles(result, dir);
    unfinished = undefined;
    core.info(resultLine(result));
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
    const message = describeError(error);
    if (unfinished !== undefined) await recordFailureOutputs(unfinished, message);
    await writeJobSummary(renderFailureSummary(message));
    core.setFailed(message);
  }
}

/** The failure in the folder's summary.json, which the outputs point to, so an upload ships that and no earlier result. */
async function recordFailureOutputs(dir: string, message: string): Promise<void> {
  try {
    const summaryJson = await recordFailure(dir, message);
    core.setOutput('report-dir', dir);
    core.setOutput('summary-json', summaryJson);
  } catch (error) {
    core.warning(`Could not record the failure in ${dir}: ${describeError(error)}`);
  }
}
