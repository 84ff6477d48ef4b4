/**
 * Writes SYNTHETIC copies of a Security Lake bucket: the CloudTrail sample's events, or any generated trail's,
 * as OCSF Parquet objects in Security Lake's key layout. Every record is made by scripts/generate-logs; none
 * is real AWS data. `cli.ts` is the command line.
 */
export { convertTrail, type ConvertResult } from './convert.js';
export { generateSecurityLakeSample, type SecurityLakeSampleManifest } from './sample.js';
