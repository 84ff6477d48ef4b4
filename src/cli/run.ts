/**
 * The command line: the same settings, engines and report as the action, for a terminal or any CI.
 * `runCli` returns the exit code: 0 audited, 1 a gate failed (threshold, write calls, missing logs), 2 usage or
 * runtime error.
 */
import { planAudit, runAudit } from '../core/audit.js';
import { describeError, UsageError } from '../core/errors.js';
import { parseSettings, type Settings } from '../core/settings.js';
import { formatStatement, type Statement } from '../core/sql.js';
import { failureMessages } from '../core/verdict.js';
import { VERSION } from '../core/version.js';
import { openEngine, openPlanner, type EngineIo } from '../engines/index.js';
import { prepareOutputDir, recordFailure, startReportFiles, writeReportFiles } from '../report/files.js';
import { renderSummaryJson } from '../report/json.js';
import { renderTerminalReport } from '../report/markdown/index.js';
import { resultLine } from '../report/result-line.js';
import { parseCommandLine, toInputs } from './arguments.js';
import { USAGE } from './usage.js';

export { USAGE } from './usage.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
  /** Aborted on SIGINT or SIGTERM: running queries are stopped before the process exits. */
  readonly signal?: AbortSignal;
}

function printStatements(statements: readonly Statement[], io: CliIo): void {
  for (const statement of statements) io.stdout(`${formatStatement(statement)}\n`);
}

async function dryRun(settings: Settings, io: CliIo): Promise<number> {
  const planner = await openPlanner(settings, engineIo(io));
  try {
    printStatements(await planAudit(settings, planner), io);
    return 0;
  } finally {
    await planner.close();
  }
}

async function audit(settings: Settings, format: 'md' | 'json', sample: boolean, io: CliIo): Promise<number> {
  const dir = await prepareOutputDir(settings.outputDir);
  await startReportFiles(dir, io.now?.());
  try {
    const engine = await openEngine(settings, engineIo(io));
    let result;
    try {
      result = await runAudit(settings, engine, { now: io.now, sample });
    } finally {
      await engine.close();
    }
    const files = await writeReportFiles(result, dir);
    io.stdout(format === 'json' ? renderSummaryJson(result) : renderTerminalReport(result, files));
    io.stderr(`Report files written to ${files.dir}\nOpen the report in a browser: ${files.reportHtml}\n`);
    for (const failure of failureMessages(result.verdict)) io.stderr(`${failure}\n`);
    io.stderr(`${resultLine(result)}\n`);
    return result.verdict.status === 'failed' ? 1 : 0;
  } catch (error) {
    // No earlier run's files may stay behind to pass for this run's evidence.
    await recordFailure(dir, describeError(error), io.now?.()).then(
      (file) => io.stderr(`The failure is recorded in ${file}\n`),
      (failure: unknown) => io.stderr(`Could not record the failure in ${dir}: ${describeError(failure)}\n`),
    );
    throw error;
  }
}

function engineIo(io: CliIo): EngineIo {
  return { log: (message) => io.stderr(`${message}\n`), signal: io.signal, env: io.env };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const values = parseCommandLine(argv);
    debug = values.debug === true;
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const format = values.format ?? 'md';
    if (format !== 'md' && format !== 'json') {
      throw new UsageError(`Invalid format ${JSON.stringify(format)}: must be one of md, json`);
    }
    const { inputs, onSample } = toInputs(values);
    const settings = parseSettings(inputs, io.now?.());
    if (onSample) {
      io.stderr(
        `No logs given: auditing the synthetic sample in ${settings.logsDir} (${settings.window.start} to ${settings.window.end}).\n`,
      );
    }
    return values['dry-run'] ? await dryRun(settings, io) : await audit(settings, format, onSample, io);
  } catch (error) {
    io.stderr(`support-audit: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}
