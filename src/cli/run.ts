/**
 * The command line: the same settings, engines and report as the action, for a terminal or any CI.
 * `runCli` returns the exit code: 0 audited, 1 a gate failed (threshold, write calls, an incomplete audit), 2 usage or
 * runtime error.
 */
import { planAudit } from '../core/audit.js';
import { debugTrace, describeError, UsageError } from '../core/errors.js';
import { parseSettings, type Settings } from '../core/settings.js';
import { formatStatement, type Statement } from '../core/sql.js';
import { baselineWarning } from '../core/since.js';
import { failureMessages } from '../core/verdict.js';
import { VERSION } from '../core/version.js';
import { openPlanner, type EngineIo } from '../engines/index.js';
import { renderSummaryJson } from '../report/json.js';
import { renderTerminalReport } from '../report/markdown/index.js';
import { resultLine } from '../report/result-line.js';
import { auditToFiles, RecordedFailure } from '../run/audit-to-files.js';
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
  /** Told the output folder once the run has claimed it, so the process edge can record a hard stop there. */
  readonly claimed?: (dir: string) => void;
  /** Where the command was typed: relative folders are resolved against it (the current folder by default). */
  readonly cwd?: string;
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
  const { result, files } = await auditToFiles(settings, {
    ...engineIo(io),
    now: io.now,
    sample,
    claimed: io.claimed,
  });
  io.stdout(format === 'json' ? renderSummaryJson(result) : renderTerminalReport(result, files));
  io.stderr(`Report files written to ${files.dir}\nOpen the report in a browser: ${files.reportHtml}\n`);
  const warning = baselineWarning(result.sinceBaseline);
  if (warning !== null) io.stderr(`Warning: ${warning}\n`);
  for (const failure of failureMessages(result.verdict)) io.stderr(`${failure}\n`);
  io.stderr(`${resultLine(result)}\n`);
  if (result.verdict.status !== 'failed') return 0;
  if (!sample) return 1;
  // The sample's verdict shows how a gate reads; a first run of the tool has not failed.
  io.stderr('This is the synthetic sample, so the exit code is 0 all the same.\n');
  return 0;
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
    const settings = parseSettings(inputs, io.now?.(), { cwd: io.cwd });
    if (onSample) {
      io.stderr(
        `No logs given: auditing the synthetic sample in ${settings.logsDir} (${settings.window.start} to ${settings.window.end}).\n`,
      );
    }
    return values['dry-run'] ? await dryRun(settings, io) : await audit(settings, format, onSample, io);
  } catch (error) {
    const failure = error instanceof RecordedFailure ? error.failure : error;
    io.stderr(`support-audit: ${describeError(failure)}\n`);
    if (debug) io.stderr(`${debugTrace(failure)}\n`);
    if (error instanceof RecordedFailure) {
      io.stderr(
        error.summaryJson === undefined
          ? `Could not record the failure in ${error.dir}: ${error.recordError}\n`
          : `The failure is recorded in ${error.summaryJson}\n`,
      );
    }
    return 2;
  }
}
