/** The sources of records. */
export { CLOUDTRAIL_SOURCE } from './cloudtrail.js';
export { securityLakeSource } from './security-lake.js';
export type { AuditSource, SourceRelation } from './source.js';
