/** The sources of records by name, and how a report describes the one it read. */
import type { SourceName } from '../types.js';
import { VERSION_SPECS, type SecurityLakeVersion } from './ocsf.js';

export { CLOUDTRAIL_SOURCE } from './cloudtrail.js';
export { securityLakeSource } from './security-lake.js';
export type { AuditSource, SourceRelation } from './source.js';

/**
 * What the report says of the source, or nothing for a trail's log files, the tool's first source: for
 * Security Lake its version, its OCSF version, and what the days of the coverage are.
 */
export function sourceDescription(source: {
  readonly name: SourceName;
  readonly version: string | null;
}): string | undefined {
  if (source.name === 'cloudtrail') return undefined;
  const spec = VERSION_SPECS[source.version as SecurityLakeVersion];
  return (
    `Amazon Security Lake, source version ${source.version?.replace('.0', '') ?? 'unknown'}` +
    `${spec ? ` (OCSF ${spec.ocsf})` : ''}: CloudTrail management events in OCSF. Security Lake files each ` +
    "record under its event's own day, so the days of the coverage are event days, not delivery days."
  );
}
