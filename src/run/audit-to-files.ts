/**
 * The one run sequence of the CLI and the action: settings → engine → audit → result files → verdict. Each
 * adapter reads its inputs, calls this, and presents the outcome its own way.
 *
 * Nothing touches the output folder until the engine is open: a usage error (a logs folder that does not exist,
 * an unusable engine) leaves the last run's report as it was. From the moment the folder is claimed, summary.json
 * says at every moment what it holds: running, then the audit once every file is written, or the failure, or
 * that a signal interrupted the run. Temporary files a killed run left there are removed when the folder is claimed.
 */
import { readFile } from 'node:fs/promises';
import { runAudit } from '../core/audit.js';
import { baselineFromText, unreadableBaseline, type BaselineInput } from '../core/baseline.js';
import { describeError } from '../core/errors.js';
import type { AuditResult } from '../core/result.js';
import type { Settings } from '../core/settings.js';
import { openEngine, type EngineIo } from '../engines/index.js';
import {
  prepareOutputDir,
  recordFailure,
  startReportFiles,
  writeReportFiles,
  type ReportFiles,
} from '../report/files.js';
import { removeStaleTemporaryFiles } from '../report/temporary-files.js';

export interface AuditRunIo extends EngineIo {
  readonly now?: () => Date;
  /** A folder the output must stay inside, links resolved: the action's workspace. */
  readonly within?: string;
  /** The logs are the synthetic sample shipped with the tool: every report says so. */
  readonly sample?: boolean;
  /** Told the output folder once the run has claimed it, so a process edge can record a hard stop there. */
  readonly claimed?: (dir: string) => void;
}

export interface AuditOutcome {
  readonly result: AuditResult;
  readonly files: ReportFiles;
}

/** A run that failed after claiming the output folder: the failure, and where it was recorded (if it could be). */
export class RecordedFailure extends Error {
  override name = 'RecordedFailure';

  constructor(
    readonly failure: unknown,
    readonly dir: string,
    /** summary.json holding the failure; undefined when even that could not be written. */
    readonly summaryJson: string | undefined,
    /** Why the failure could not be recorded. */
    readonly recordError: string | undefined,
  ) {
    super(describeError(failure));
  }
}

/** What summary.json records of a failed run: the error, and when a signal stopped the run, the signal too. */
function failureRecord(error: unknown, signal: AbortSignal | undefined): [string, 'failed' | 'interrupted'] {
  const message = describeError(error);
  if (!signal?.aborted) return [message, 'failed'];
  // The signal's reason names it ("SIGTERM received"): no error of the tool's, so not "Unexpected error".
  const reason: unknown = signal.reason;
  const stoppedBy = reason instanceof Error ? reason.message : String(reason);
  return [message.includes(stoppedBy) ? message : `${message} (${stoppedBy})`, 'interrupted'];
}

/** The baseline the settings name, read before anything else: it may sit in the output folder this run claims. */
async function readBaseline(file: string | undefined): Promise<BaselineInput | undefined> {
  if (file === undefined) return undefined;
  try {
    return baselineFromText(file, await readFile(file, 'utf8'));
  } catch (error) {
    return unreadableBaseline(file, error as NodeJS.ErrnoException);
  }
}

export async function auditToFiles(settings: Settings, io: AuditRunIo): Promise<AuditOutcome> {
  const baseline = await readBaseline(settings.baseline);
  const engine = await openEngine(settings, io);
  let dir: string;
  try {
    dir = await prepareOutputDir(settings.outputDir, { within: io.within });
    await startReportFiles(dir, io.now?.());
    await removeStaleTemporaryFiles(dir);
  } catch (error) {
    await engine.close();
    throw error;
  }
  io.claimed?.(dir);
  try {
    let result: AuditResult;
    try {
      // Imported only when asked for: it loads the AWS SDK, which a local audit otherwise never needs.
      const supportCases = settings.explain.casesFrom.includes('support-api')
        ? (await import(/* webpackMode: "eager" */ '../support-api/describe-cases.js')).supportCaseReader({
            env: io.env,
            log: io.log,
          })
        : undefined;
      result = await runAudit(settings, engine, { now: io.now, sample: io.sample, supportCases, baseline });
    } finally {
      await engine.close();
    }
    // A signal that came as the audit ended still stops the run: no result may read as complete after it.
    io.signal?.throwIfAborted();
    return { result, files: await writeReportFiles(result, dir, io.signal) };
  } catch (error) {
    // No earlier run's files may stay behind to pass for this run's evidence.
    const recorded = await recordFailure(dir, ...failureRecord(error, io.signal), io.now?.()).then(
      (file) => ({ file, error: undefined }),
      (failure: unknown) => ({ file: undefined, error: describeError(failure) }),
    );
    throw new RecordedFailure(error, dir, recorded.file, recorded.error);
  }
}
