/**
 * The synthetic sample shipped in `examples/logs`: what the CLI audits when it is run with no options, so a
 * first run shows a real report without AWS credentials. `scripts/generate-logs/` writes it from these values.
 */
import { fileURLToPath } from 'node:url';
import type { AuditWindow, SourceName } from './types.js';

/** The sample's folder, relative to the package root. */
export const SAMPLE_LOGS_DIR = 'examples/logs';

/** The same events as Security Lake stores them: a copy of its bucket's CloudTrail objects, in Parquet. */
export const SECURITY_LAKE_SAMPLE_DIR = 'examples/security-lake';

/** The days the sample is about (UTC, both included); its day folders run from the day before to the day after. */
export const SAMPLE_WINDOW: AuditWindow = { start: '2026-11-02', end: '2026-11-08', lateDeliveryDays: 1 };

export const SAMPLE_ACCOUNTS = {
  /** A commercial-partition account with logs in both commercial regions. */
  production: '111122223333',
  /** A second commercial-partition account, the one holding the unreadable file. */
  staging: '444455556666',
  /** An AWS GovCloud (US) account: its ARNs are in the `aws-us-gov` partition. */
  govCloud: '777788889999',
} as const;

export const SAMPLE_REGIONS = ['us-east-1', 'eu-west-1', 'us-gov-west-1'] as const;

/**
 * The sample folder of a source as an absolute path. This file sits two levels below the package root in the
 * sources (`src/core/`) and in `lib/core/` alike, so the same relative step finds the folder. Only the CLI
 * audits the samples; the action's bundle never calls this.
 */
export function sampleLogsDir(source: SourceName = 'cloudtrail'): string {
  const folder = source === 'cloudtrail' ? SAMPLE_LOGS_DIR : SECURITY_LAKE_SAMPLE_DIR;
  return fileURLToPath(new URL(`../../${folder}`, import.meta.url));
}
