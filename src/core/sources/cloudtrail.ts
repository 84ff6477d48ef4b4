/** A trail's CloudTrail log files, through the partition-projected table this tool creates or checks. */
import type { TableLayout } from '../layout.js';
import { SAMPLE_LOGS_DIR } from '../sample.js';
import { windowPredicate } from '../query-sets/window.js';
import { qualifiedName, quoteIdentifier, stringLiteral } from '../sql.js';
import type { AuditSource } from './source.js';

/** A partition column, or the one value the layout has instead of it (a validated account id or region). */
function partitionOrValue(layout: TableLayout, partition: 'account' | 'region'): string {
  if (layout.partitions.includes(partition)) return quoteIdentifier(partition);
  const values = partition === 'account' ? layout.accounts : layout.regions;
  return stringLiteral(values[0]!);
}

export const CLOUDTRAIL_SOURCE: AuditSource = {
  name: 'cloudtrail',
  version: null,
  title: 'CloudTrail',
  description: null,
  bucket: 'the trail bucket',
  sampleFolder: SAMPLE_LOGS_DIR,
  partitionColumns: (layout) => layout.partitions,
  relation(table, layout, window, { exactTimes }) {
    const where = windowPredicate(window, layout, { exactTimes });
    return {
      from: qualifiedName(table),
      where: where.sql,
      parameters: where.parameters,
      account: partitionOrValue(layout, 'account'),
      region: partitionOrValue(layout, 'region'),
      day: '"timestamp"',
      path: '"$path"',
    };
  },
};
