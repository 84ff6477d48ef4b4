/**
 * Writes SYNTHETIC CloudTrail logs in the layout CloudTrail delivers to S3, deterministically from a seed:
 * the small sample shipped in `examples/logs` (`generateSample`), or bulk data for benchmarks (`generateLogs`).
 * Every record is made here; none is real AWS data. Both return what they planted, so tests and benchmarks know
 * the answer. `cli.ts` is the command line.
 */
export { generateLogs, type GenerateLogsOptions, type GenerateLogsResult } from './bulk.js';
export type { ExpectedCounts } from './counts.js';
export { generateSample, SAMPLE_SEED, type SampleManifest } from './sample.js';
