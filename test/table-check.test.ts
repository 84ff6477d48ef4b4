import { projectionOf } from '../src/engines/athena/projection.js';
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
const WINDOW = { start: '2025-01-01', end: '2025-01-07', lateDeliveryDays: 1 };

/** The metadata Athena returns for the table this tool creates from the layout. */
function metadataOf(layout = LAYOUT): TableMetadataView {
  return {
    columns: CLOUDTRAIL_COLUMNS.map((c) => c.name),
    partitionKeys: [...layout.partitions],
    parameters: Object.fromEntries(projectionOf(layout).properties),
  };
}

describe('checking an existing table', () => {
  it('accepts the table this tool would create', () => {
    expect(checkTable(NAME, metadataOf(), INPUT, WINDOW)).toEqual({
      fit: true,
      differences: [],
      remedy: '',
      layout: LAYOUT,
    });
  });

  it('accepts a table projecting more regions than asked', () => {
    const wider = metadataOf(tableLayout({ ...INPUT, regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] }));
    expect(checkTable(NAME, wider, INPUT, WINDOW).fit).toBe(true);
  });

  it('lists a missing region and a late projection start, with the ALTER that fixes them', () => {
    const metadata = metadataOf(
      tableLayout({ ...INPUT, regions: ['us-east-1', 'ap-south-1'], projectionStart: '2025-06-01' }),
    );
    const fitness = checkTable(NAME, metadata, INPUT, WINDOW);
    expect(fitness.fit).toBe(false);
    expect(fitness.differences).toEqual([
      'projection.region.values lacks eu-west-1',
      'projection.timestamp.range starts at 2025/06/01, after the window start 2025/01/01: Athena would silently return no rows before it',
    ]);
    expect(fitness.remedy).toContain('ALTER TABLE `default`.`cloudtrail_logs_pp` SET TBLPROPERTIES (');
    // Widened, never narrowed: ap-south-1 stays for the audits that asked for it.
    expect(fitness.remedy).toContain("'projection.region.values'='us-east-1,ap-south-1,eu-west-1'");
    expect(fitness.remedy).toContain("'projection.timestamp.range'='2024/01/01,NOW'");
  });

  it('refuses a table partitioned too narrowly for the regions asked, proposing a new table', () => {
    const single = metadataOf(tableLayout({ ...INPUT, regions: ['us-east-1'] }));
    const fitness = checkTable(NAME, single, INPUT, WINDOW);
    expect(fitness.differences).toEqual([
      "partition keys are (timestamp): without a region partition it holds one region's logs, and the inputs ask for 2 regions",
    ]);
    expect(fitness.remedy).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`cloudtrail_logs_pp_v2`');
  });

  it('answers a one-region audit from a table partitioned by region, through its partition filter', () => {
    const fitness = checkTable(NAME, metadataOf(), { ...INPUT, regions: ['eu-west-1'] }, WINDOW);
    expect(fitness.fit).toBe(true);
    expect(fitness.layout!.partitions).toEqual(['region', 'timestamp']);
    expect(fitness.layout!.regions).toEqual(['eu-west-1']);
  });

  it('refuses a table over another bucket or key layout, whatever its partitions', () => {
    const fitness = checkTable(NAME, metadataOf(), { ...INPUT, prefix: 'org-trail' }, WINDOW);
    expect(fitness.differences).toEqual([
      `storage.location.template is ${projectionOf(LAYOUT).storageTemplate}; the inputs need s3://trail-bucket/org-trail/AWSLogs/111122223333/CloudTrail/\${region}/\${timestamp}`,
    ]);
  });

  it('refuses a projection that ends before the window, which Athena would read as empty', () => {
    const metadata = metadataOf();
    const fitness = checkTable(
      NAME,
      {
        ...metadata,
        parameters: { ...metadata.parameters, 'projection.timestamp.range': '2024/01/01,2025/01/05' },
      },
      INPUT,
      WINDOW,
    );
    expect(fitness.differences).toEqual([
      "projection.timestamp.range ends at 2025/01/05, before the window's last delivery day 2025/01/08: Athena would silently return no rows after it",
    ]);
  });

  it('names missing columns', () => {
    const metadata = {
      ...metadataOf(),
      columns: metadataOf().columns.filter((c) => c !== 'sourceipaddress'),
    };
    expect(checkTable(NAME, metadata, INPUT, WINDOW).differences).toContain(
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
      INPUT,
      WINDOW,
    );
    expect(fitness.fit).toBe(false);
    expect(fitness.differences[0]).toMatch(/pre-2022 CloudTrail table \(CloudTrailSerde/);
    expect(fitness.remedy).toMatch(/--table/);
  });
});
