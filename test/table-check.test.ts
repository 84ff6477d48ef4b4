import { describe, expect, it } from 'vitest';
import { tableLayout, type TableLayoutInput } from '../src/core/layout.js';
import { checkTable, type TableMetadataView } from '../src/engines/athena/table-check.js';
import { CLOUDTRAIL_COLUMNS } from '../src/core/schema.js';

const NAME = { database: 'default', table: 'cloudtrail_logs_pp' };
const INPUT: TableLayoutInput = {
  root: 's3://trail-bucket/',
  prefix: '',
  organizationId: undefined,
  accounts: ['111122223333'],
  regions: ['us-east-1', 'eu-west-1'],
  projectionStart: '2024-01-01',
};
const LAYOUT = tableLayout(INPUT);

/** The metadata Athena returns for the table this tool creates from the layout. */
function metadataOf(layout = LAYOUT): TableMetadataView {
  return {
    columns: CLOUDTRAIL_COLUMNS.map((c) => c.name),
    partitionKeys: [...layout.partitions],
    parameters: Object.fromEntries(layout.properties),
  };
}

describe('checking an existing table', () => {
  it('accepts the table this tool would create', () => {
    expect(checkTable(NAME, metadataOf(), LAYOUT, '2025-01-01')).toEqual({
      fit: true,
      differences: [],
      remedy: '',
    });
  });

  it('accepts a table projecting more regions than asked', () => {
    const wider = metadataOf(tableLayout({ ...INPUT, regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] }));
    const narrower = tableLayout({ ...INPUT, regions: ['us-east-1', 'eu-west-1'] });
    expect(
      checkTable(
        NAME,
        {
          ...wider,
          parameters: { ...wider.parameters, 'storage.location.template': narrower.storageTemplate },
        },
        narrower,
        '2025-01-01',
      ).fit,
    ).toBe(true);
  });

  it('lists a missing region and a late projection start, with the ALTER that fixes them', () => {
    const metadata = metadataOf(
      tableLayout({ ...INPUT, regions: ['us-east-1', 'ap-south-1'], projectionStart: '2025-06-01' }),
    );
    const fitness = checkTable(NAME, metadata, LAYOUT, '2025-01-01');
    expect(fitness.fit).toBe(false);
    expect(fitness.differences).toEqual([
      'projection.region.values lacks eu-west-1',
      'projection.timestamp.range starts at 2025/06/01, after the window start 2025/01/01: Athena would silently return no rows before it',
    ]);
    expect(fitness.remedy).toContain('ALTER TABLE `default`.`cloudtrail_logs_pp` SET TBLPROPERTIES (');
    expect(fitness.remedy).toContain("'projection.region.values'='us-east-1,eu-west-1'");
    expect(fitness.remedy).toContain("'projection.timestamp.range'='2024/01/01,NOW'");
  });

  it('refuses different partition keys and a different template, proposing a new table', () => {
    const single = metadataOf(tableLayout({ ...INPUT, regions: ['us-east-1'] }));
    const fitness = checkTable(NAME, single, LAYOUT, '2025-01-01');
    expect(fitness.differences[0]).toBe(
      'partition keys are (timestamp); the inputs need (region, timestamp)',
    );
    expect(fitness.differences[1]).toMatch(
      /^storage.location.template is s3:\/\/trail-bucket\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/\$\{timestamp\}/,
    );
    expect(fitness.remedy).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`cloudtrail_logs_pp_v2`');
  });

  it('names missing columns', () => {
    const metadata = {
      ...metadataOf(),
      columns: metadataOf().columns.filter((c) => c !== 'sourceipaddress'),
    };
    expect(checkTable(NAME, metadata, LAYOUT, '2025-01-01').differences).toContain(
      'missing columns: sourceipaddress',
    );
  });

  it('gives specific guidance for a pre-2022 CloudTrailSerde table without projection', () => {
    const fitness = checkTable(
      NAME,
      {
        columns: CLOUDTRAIL_COLUMNS.map((c) => c.name),
        partitionKeys: ['region', 'year', 'month', 'day'],
        parameters: {
          'serde.serialization.lib': 'com.amazon.emr.hive.serde.CloudTrailSerde',
          EXTERNAL: 'TRUE',
        },
      },
      LAYOUT,
      '2025-01-01',
    );
    expect(fitness.fit).toBe(false);
    expect(fitness.differences[0]).toMatch(/pre-2022 CloudTrail table \(CloudTrailSerde/);
    expect(fitness.remedy).toMatch(/--table/);
  });
});
