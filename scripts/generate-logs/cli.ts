/**
 * The generator's command line.
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
import { generateSample } from './sample.js';

function list(value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new Error(`generate-logs: --${name} must be a number`);
  return parsed;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string' },
      sample: { type: 'boolean', default: false },
      start: { type: 'string' },
      end: { type: 'string' },
      accounts: { type: 'string' },
      regions: { type: 'string' },
      'organization-id': { type: 'string' },
      prefix: { type: 'string' },
      'files-per-day': { type: 'string' },
      'records-per-file': { type: 'string' },
      'support-calls-per-file': { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      clean: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.out === undefined) throw new Error('generate-logs: --out DIR is required');
  const started = Date.now();
  if (values.sample) {
    const manifest = await generateSample(values.out);
    const e = manifest.expected;
    console.log(
      `Wrote the SYNTHETIC sample to ${values.out}: ${manifest.logFiles} log files, ${manifest.records} records; ` +
        `window ${manifest.window.start}..${manifest.window.end}: ${e.supportCalls} support calls ` +
        `(sourceIp ${e.bySourceIp}, supportRole ${e.bySupportRole}, invokedBy ${e.byInvokedBy}, write ${e.writeCalls}), ` +
        `${e.supportApiCalls} support API calls, ${e.supportAuthorizationEvents} authorization events, ` +
        `${manifest.unreadableFiles.length} unreadable file`,
    );
    return;
  }
  const result = await generateLogs({
    outDir: values.out,
    start: values.start ?? SAMPLE_WINDOW.start,
    end: values.end ?? SAMPLE_WINDOW.end,
    accounts: list(values.accounts, [SAMPLE_ACCOUNTS.production]),
    regions: list(values.regions, ['us-east-1']),
    organizationId: values['organization-id'],
    prefix: values.prefix,
    filesPerDay: number('files-per-day', values['files-per-day'], 24),
    recordsPerFile: number('records-per-file', values['records-per-file'], 100),
    supportCallsPerFile: number('support-calls-per-file', values['support-calls-per-file'], 1),
    seed: number('seed', values.seed, 1),
    level: number('level', values.level, 6),
    clean: values.clean,
  });
  const e = result.expected;
  console.log(
    `Wrote ${result.files} SYNTHETIC log files to ${values.out}: ${result.records} records, ` +
      `${megabytes(result.uncompressedBytes)} uncompressed, ${megabytes(result.compressedBytes)} gzipped, ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.window.start}..${result.window.end}: ` +
      `${e.supportCalls} support calls (sourceIp ${e.bySourceIp}, supportRole ${e.bySupportRole}, ` +
      `invokedBy ${e.byInvokedBy}, write ${e.writeCalls})`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
