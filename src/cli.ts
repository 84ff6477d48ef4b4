/**
 * The command line: the same settings, engines and report as the action, for a terminal or any CI.
 * `runCli` returns the exit code: 0 audited, 1 a gate failed (threshold or write calls), 2 usage or runtime error.
 */
import { parseArgs } from 'node:util';
import { planAudit, runAudit } from './audit.js';
import { planTable } from './ddl.js';
import type { Engine } from './engine.js';
import { describeError, UsageError } from './errors.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSummaryJson } from './report/json.js';
import { prepareOutputDir, writeReportFiles } from './report/files.js';
import { gateFailures } from './gate.js';
import { SAMPLE_WINDOW, sampleLogsDir } from './sample.js';
import { INPUTS, parseSettings, type RawInputs, type Settings } from './settings.js';
import { formatStatement, type Statement } from './sql.js';
import { VERSION } from './version.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
  /** Aborted on SIGINT or SIGTERM: running queries are stopped before the process exits. */
  readonly signal?: AbortSignal;
}

/** The inputs the command line offers, as `--name`; `--format` is the terminal's own. */
const CLI_INPUTS = INPUTS.filter((input) => input.only !== 'action');

/** Short spellings kept for the terminal; each maps to the input name the action uses. */
const ALIASES = { start: 'start-date', end: 'end-date', out: 'output-dir' } as const;

export const USAGE = `Usage: support-audit [options]

Reports the API calls AWS Support made in your AWS accounts, from CloudTrail logs.
With no options, audits the synthetic sample logs shipped in examples/logs.

Where the logs are
  --logs DIR                 a local copy of the trail bucket (aws s3 sync s3://BUCKET DIR); selects the local engine
  --engine local|athena      local when --logs is given, otherwise athena
  --bucket B                 the trail bucket (athena)
  --prefix P                 the key prefix before AWSLogs/
  --organization-id o-...    for an organization trail (AWSLogs/o-.../ACCOUNT/...)
  --account ID[,ID...]       12-digit account ids (athena: required; local: all found when omitted)
  --region R[,R...]          regions (athena: required; local: all found when omitted)

When (UTC, both ends included)
  --start-date YYYY-MM-DD    alias --start
  --end-date YYYY-MM-DD      alias --end; default today
  --lookback-days N          the N days ending today (default 7)

Athena
  --database D               default "default"
  --table T                  default "cloudtrail_logs_pp"
  --workgroup W              default "primary"
  --output-location S3URI    query results location, unless the workgroup sets one
  --catalog C                default "AwsDataCatalog"
  --create-table / --no-create-table
                             create the table when it is missing (default on)
  --projection-start DATE    first day of the table's date projection (default 2013-11-01)
  --timeout-seconds N        deadline for the whole audit's queries (default 900)
  --result-reuse-minutes N   let Athena reuse a result up to N minutes old (default 0: off)

Audit
  --query-set single-scan|seed
                             single-scan (default): one scan answers everything; seed: the article's five queries
  --threshold N              exit 1 when support calls exceed N
  --fail-on-write-calls      exit 1 on any support call not recorded as read-only
  --output-dir DIR           alias --out; where report.md, summary.json, events.json, events.csv go
                             (default ./support-audit-report)
  --format md|json           what to print on stdout (default md)
  --dry-run                  print every statement it would run, then exit without running any
  --debug                    print stack traces of unexpected errors
  --help, --version

Exit codes: 0 audited, 1 threshold or write-call gate failed, 2 usage or runtime error.
`;

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: {
        ...Object.fromEntries(
          CLI_INPUTS.map(({ name, flag }) => [
            name,
            { type: flag ? ('boolean' as const) : ('string' as const) },
          ]),
        ),
        ...Object.fromEntries(Object.keys(ALIASES).map((name) => [name, { type: 'string' as const }])),
        format: { type: 'string' },
        'dry-run': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun with --help to see the options.`);
  }
}

/**
 * The command line as the action's inputs: the one shape the settings parser reads. With neither logs, an
 * engine nor a bucket, it is the shipped sample over the sample's window.
 */
function toInputs(values: Record<string, string | boolean | undefined>): {
  inputs: RawInputs;
  onSample: boolean;
} {
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || ['dry-run', 'debug', 'help', 'version', 'format'].includes(name)) continue;
    const input = ALIASES[name as keyof typeof ALIASES] ?? name;
    if (inputs[input] !== undefined) throw new UsageError(`--${input} is given twice (once as --${name}).`);
    inputs[input] = String(value);
  }
  const onSample = inputs.logs === undefined && inputs.engine === undefined && inputs.bucket === undefined;
  if (onSample) {
    inputs.logs = sampleLogsDir();
    if (!['start-date', 'end-date', 'lookback-days'].some((name) => inputs[name] !== undefined)) {
      inputs['start-date'] = SAMPLE_WINDOW.start;
      inputs['end-date'] = SAMPLE_WINDOW.end;
    }
  }
  return { inputs, onSample };
}

async function openEngine(settings: Settings, io: CliIo): Promise<Engine> {
  const progress = (message: string) => io.stderr(`${message}\n`);
  if (settings.engine === 'local') {
    const { LocalEngine } = await import('./engines/duckdb.js');
    return LocalEngine.open({ logsDir: settings.logsDir!, log: progress });
  }
  const { AthenaEngine } = await import('./engines/athena.js');
  return AthenaEngine.create(settings.athena, { log: progress, signal: io.signal, env: io.env });
}

function printStatements(statements: readonly Statement[], io: CliIo): void {
  for (const statement of statements) io.stdout(`${formatStatement(statement)}\n`);
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
    if (values['dry-run'] && settings.engine === 'athena') {
      printStatements(await planAudit(settings, { plan: planTable }), io);
      return 0;
    }
    if (!values['dry-run']) await prepareOutputDir(settings.outputDir);
    const engine = await openEngine(settings, io);
    try {
      if (values['dry-run']) {
        printStatements(await planAudit(settings, engine), io);
        return 0;
      }
      const result = await runAudit(settings, engine, { now: io.now });
      const files = await writeReportFiles(result, settings.outputDir);
      io.stdout(
        format === 'json'
          ? renderSummaryJson(result)
          : renderMarkdown(result, { fullReportPath: files.reportMd }),
      );
      io.stderr(`Report files written to ${files.dir}\n`);
      const failures = gateFailures(result);
      for (const failure of failures) io.stderr(`${failure}\n`);
      return failures.length > 0 ? 1 : 0;
    } finally {
      await engine.close();
    }
  } catch (error) {
    io.stderr(`support-audit: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}
