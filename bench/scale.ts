/**
 * The scale figures: what the audit plans for a large organization (500 accounts, 20 regions, 90 days), read
 * from the statements and the table layout it builds; then, in the emulator, which files an organization
 * trail's audit reads when it asks for some of the accounts, regions and days.
 */
import path from 'node:path';
import { tableRequest } from '../src/core/audit.js';
import { addDays } from '../src/core/dates.js';
import { projectionOf } from '../src/engines/athena/projection.js';
import { tableLayout } from '../src/core/layout.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { parseSettings } from '../src/core/settings.js';
import { audit, withEmulator } from './athena.js';
import { generate } from './data.js';
import { figureGroup, type Figure } from './figures.js';

const REGIONS_20 = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'sa-east-1',
  'me-south-1',
  'af-south-1',
];

function plannedFigures(): Figure[] {
  const settings = parseSettings(
    {
      bucket: 'org-bucket',
      'organization-id': 'o-abcdefghij',
      account: Array.from({ length: 500 }, (_, i) => String(200000000000 + i)).join(','),
      region: REGIONS_20.join(','),
      'start-date': '2026-08-01',
      'end-date': addDays('2026-08-01', 89),
    },
    new Date('2026-11-24T00:00:00Z'),
  );
  const request = tableRequest(settings);
  const layout = tableLayout(request.layouts[0]!);
  const single = QUERY_SETS['single-scan'].statements([{ name: request, layout: layout }], settings.window);
  const seed = QUERY_SETS.seed.statements([{ name: request, layout: layout }], settings.window);
  const enumValues = Math.max(
    ...projectionOf(layout)
      .properties.filter(([k]) => k.endsWith('.values'))
      .map(([, v]) => v.split(',').length),
  );
  const figure = figureGroup('Scale: 500 accounts × 20 regions × 90 days');
  return [
    figure(
      'queries per audit (single-scan)',
      single.length,
      'queries',
      { max: 1 },
      '1, whatever the accounts and regions',
    ),
    figure('queries per audit (seed)', seed.length, 'queries', { max: 5 }, '5'),
    figure('largest enum projection', enumValues, 'values', { max: 40 }, 'a few dozen (account is injected)'),
  ];
}

async function emulatedFigures(): Promise<Figure[]> {
  const org = await generate('org', {
    start: '2026-10-01',
    end: '2026-10-10',
    accounts: Array.from({ length: 60 }, (_, i) => String(300000000000 + i)),
    regions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
    organizationId: 'o-abcdefghij',
    filesPerDay: 1,
    recordsPerFile: 20,
    supportCallsPerFile: 1,
  });
  const asked = Array.from({ length: 45 }, (_, i) => String(300000000000 + i));
  const askedRegions = ['us-east-1', 'eu-west-1'];
  const scanned = await withEmulator(path.dirname(org.dir), { queueMs: 0, runMs: 0 }, async (emulator) => {
    const { result } = await audit({
      bucket: path.basename(org.dir),
      'organization-id': 'o-abcdefghij',
      account: asked.join(','),
      region: askedRegions.join(','),
      'start-date': '2026-10-04',
      'end-date': '2026-10-06',
      'projection-start': '2026-01-01',
      table: 'org_trail',
    });
    const id = result.statistics.queries[0]!.queryExecutionId;
    return emulator.queries().find((q) => q.id === id)!.scannedFiles;
  });
  // The window's days and the padding day after them; a file whose key does not parse counts as outside.
  const outside = scanned.filter((uri) => {
    const m = /\/(\d{12})\/CloudTrail\/([^/]+)\/(\d{4}\/\d{2}\/\d{2})\//.exec(uri);
    return (
      !m ||
      !asked.includes(m[1]!) ||
      !askedRegions.includes(m[2]!) ||
      m[3]! < '2026/10/04' ||
      m[3]! > '2026/10/07'
    );
  });
  const figure = figureGroup('Scale in the emulator: 60-account org, 45 asked, 2 of 3 regions, 3 of 10 days');
  return [
    figure('files read outside what was asked', outside.length, 'files', { max: 0 }, '0'),
    figure('files read', scanned.length, 'files', { max: 45 * 2 * 4 }, '≤ 45 × 2 × 4 day folders'),
  ];
}

export async function scaleFigures(): Promise<Figure[]> {
  return [...plannedFigures(), ...(await emulatedFigures())];
}
