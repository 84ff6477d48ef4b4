/**
 * The generator's command line: `--help` lists the flags.
 *
 *   npx tsx scripts/generate-logs/cli.ts --sample --out examples/logs
 *   npx tsx scripts/generate-logs/cli.ts --out bench/data --start 2026-11-02 --end 2026-11-08 \
 *     --accounts 111122223333,444455556666 --regions us-east-1,eu-west-1 --files-per-day 96 \
 *     --records-per-file 200 --support-calls-per-file 0.5 --seed 7
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SAMPLE_ACCOUNTS, SAMPLE_WINDOW } from '../../src/core/sample.js';
import { generateLogs } from './bulk.js';
import { generateSample, SAMPLE_SEED } from './sample.js';

interface Flag {
  readonly type: 'string' | 'boolean';
  readonly default?: string | boolean;
  /** What the value is, in the usage line: `--out DIR`. */
  readonly value?: string;
  readonly help: string;
}

/** Every flag, read by parseArgs and listed by `--help` from this one table. */
const FLAGS = {
  out: { type: 'string', value: 'DIR', help: 'folder to write the AWSLogs tree into (required)' },
  sample: {
    type: 'boolean',
    default: false,
    help: `write the shipped sample (seed ${SAMPLE_SEED}); only --out applies`,
  },
  start: { type: 'string', default: SAMPLE_WINDOW.start, value: 'YYYY-MM-DD', help: 'first delivery day' },
  end: { type: 'string', default: SAMPLE_WINDOW.end, value: 'YYYY-MM-DD', help: 'last delivery day' },
  accounts: {
    type: 'string',
    default: SAMPLE_ACCOUNTS.production,
    value: 'ID,...',
    help: '12-digit account ids, comma-separated',
  },
  regions: { type: 'string', default: 'us-east-1', value: 'REGION,...', help: 'regions, comma-separated' },
  'organization-id': { type: 'string', value: 'o-ID', help: 'lay the files out as an organization trail' },
  prefix: { type: 'string', value: 'PATH', help: "the trail's S3 key prefix" },
  'files-per-day': {
    type: 'string',
    default: '24',
    value: 'N',
    help: 'log files per account, region and day',
  },
  'records-per-file': {
    type: 'string',
    default: '100',
    value: 'N',
    help: 'records in each log file (on average in a busy region, with --busy-regions)',
  },
  'busy-regions': {
    type: 'string',
    value: 'REGION,...',
    help: 'draw file sizes as a real trail: large files here, a few records in the other regions',
  },
  'idle-records-per-file': {
    type: 'string',
    default: '3',
    value: 'N',
    help: 'records per file on average outside the busy regions (with --busy-regions)',
  },
  'support-calls-per-file': {
    type: 'string',
    default: '1',
    value: 'N',
    help: 'support calls planted per file; a fraction plants one every so many files',
  },
  seed: { type: 'string', default: '1', value: 'N', help: 'seed of the randomness' },
  level: { type: 'string', default: '6', value: '0-9', help: 'gzip level' },
  clean: { type: 'boolean', default: false, help: 'delete [PREFIX/]AWSLogs under --out first' },
  help: { type: 'boolean', default: false, help: 'print this help and exit' },
} as const satisfies Record<string, Flag>;

export function usage(): string {
  const rows = Object.entries(FLAGS).map(([name, flag]: [string, Flag]) => {
    const left = `--${name}${flag.value ? ` ${flag.value}` : ''}`;
    const fallback = flag.type === 'string' && flag.default !== undefined ? ` (default ${flag.default})` : '';
    return `  ${left.padEnd(32)}${flag.help}${fallback}`;
  });
  return [
    'Usage: npx tsx scripts/generate-logs/cli.ts --out DIR [--sample | FLAGS]',
    '',
    'Writes SYNTHETIC CloudTrail logs, deterministically from a seed: the sample shipped in examples/logs',
    '(--sample), or bulk data for benchmarks.',
    '',
    'Flags:',
    ...rows,
  ].join('\n');
}

/** A mistake on the command line, as opposed to a failure while generating. */
class UsageError extends Error {}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function number(name: string, value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new UsageError(`generate-logs: --${name} must be a number`);
  return parsed;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true }).values;
  } catch (error) {
    throw new UsageError(`generate-logs: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function generate(values: ReturnType<typeof parse>, out: string): Promise<void> {
  const started = Date.now();
  if (values.sample) {
    const manifest = await generateSample(out);
    const e = manifest.expected;
    console.log(
      `Wrote the SYNTHETIC sample to ${out}: ${manifest.logFiles} log files, ${manifest.records} records; ` +
        `window ${manifest.window.start}..${manifest.window.end}: ${e.supportCalls} support calls ` +
        `(sourceIp ${e.bySourceIp}, supportRole ${e.bySupportRole}, invokedBy ${e.byInvokedBy}, write ${e.writeCalls}), ` +
        `${e.supportApiCalls} support API calls, ${e.supportAuthorizationEvents} authorization events, ` +
        `${manifest.unreadableFiles.length} unreadable file`,
    );
    return;
  }
  const result = await generateLogs({
    outDir: out,
    start: values.start,
    end: values.end,
    accounts: list(values.accounts),
    regions: list(values.regions),
    organizationId: values['organization-id'],
    prefix: values.prefix,
    filesPerDay: number('files-per-day', values['files-per-day']),
    recordsPerFile: number('records-per-file', values['records-per-file']),
    sizeMix: values['busy-regions']
      ? {
          busyRegions: list(values['busy-regions']),
          idleRecordsPerFile: number('idle-records-per-file', values['idle-records-per-file']),
        }
      : undefined,
    supportCallsPerFile: number('support-calls-per-file', values['support-calls-per-file']),
    seed: number('seed', values.seed),
    level: number('level', values.level),
    clean: values.clean,
  });
  const e = result.expected;
  console.log(
    `Wrote ${result.files} SYNTHETIC log files to ${out}: ${result.records} records, ` +
      `${megabytes(result.uncompressedBytes)} uncompressed, ${megabytes(result.compressedBytes)} gzipped, ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.window.start}..${result.window.end}: ` +
      `${e.supportCalls} support calls (sourceIp ${e.bySourceIp}, supportRole ${e.bySupportRole}, ` +
      `invokedBy ${e.byInvokedBy}, write ${e.writeCalls})`,
  );
}

/**
 * Runs the command line and returns its exit code: 0 when done or after `--help`, 2 for a mistake on the command
 * line (an unknown flag, a missing `--out`, a value that is not a number). A failure while generating throws.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const values = parse(argv);
    if (values.help) {
      console.log(usage());
      return 0;
    }
    if (values.out === undefined) throw new UsageError('generate-logs: --out DIR is required');
    await generate(values, values.out);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun with --help to list the flags.`);
    return 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
