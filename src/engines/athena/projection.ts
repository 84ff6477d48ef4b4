/**
 * How Athena's partition projection finds a table's files: the storage location template and the table
 * properties, derived from the layout alone, so the same inputs always give the same DDL.
 */
import { partitionDay } from '../../core/dates.js';
import { cloudTrailFolder, only, type PartitionName, type TableLayout } from '../../core/layout.js';

/**
 * Athena advises enum projections of a few dozen values at most. Past that the account partition is
 * `injected`: Athena then takes the accounts from each query's equality filter, which every query here has.
 */
export const MAX_ENUM_VALUES = 40;

export interface Projection {
  /** `storage.location.template`: where projection finds each partition's files. */
  readonly storageTemplate: string;
  readonly properties: ReadonlyArray<readonly [string, string]>;
}

function enumProjection(name: PartitionName, values: readonly string[]): Array<readonly [string, string]> {
  return [
    [`projection.${name}.type`, 'enum'],
    [`projection.${name}.values`, values.join(',')],
  ];
}

export function projectionOf(layout: TableLayout): Projection {
  const byAccount = layout.partitions.includes('account');
  const byRegion = layout.partitions.includes('region');
  const account = byAccount ? '${account}' : only(layout.accounts);
  const region = byRegion ? '${region}' : only(layout.regions);
  const storageTemplate = `${layout.root}${cloudTrailFolder(layout.prefix, layout.organizationId, account)}/${region}/\${timestamp}`;
  const properties: Array<readonly [string, string]> = [['projection.enabled', 'true']];
  if (byAccount) {
    properties.push(
      ...(layout.accounts.length > MAX_ENUM_VALUES
        ? [['projection.account.type', 'injected'] as const]
        : enumProjection('account', layout.accounts)),
    );
  }
  if (byRegion) properties.push(...enumProjection('region', layout.regions));
  properties.push(
    ['projection.timestamp.format', 'yyyy/MM/dd'],
    ['projection.timestamp.interval', '1'],
    ['projection.timestamp.interval.unit', 'DAYS'],
    ['projection.timestamp.range', `${partitionDay(layout.projectionStart)},NOW`],
    ['projection.timestamp.type', 'date'],
    ['storage.location.template', storageTemplate],
  );
  return { storageTemplate, properties };
}
