/**
 * The command line:
 *
 *   npx tsx scripts/generate-security-lake/cli.ts --sample --out examples/security-lake
 *   npx tsx scripts/generate-security-lake/cli.ts --logs bench/data/trail --out bench/data/lake --version 1.0
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SECURITY_LAKE_VERSIONS, type SecurityLakeVersion } from '../../src/core/sources/ocsf.js';
import { convertTrail } from './convert.js';
import { generateSecurityLakeSample } from './sample.js';

export const USAGE = `Usage: npx tsx scripts/generate-security-lake/cli.ts --out DIR (--sample | --logs DIR) [--version 2.0|1.0]

Writes a SYNTHETIC copy of a Security Lake bucket: CloudTrail management events as OCSF Parquet objects under
DIR/aws/CLOUD_TRAIL_MGMT/VERSION/region=R/accountId=A/eventDay=YYYYMMDD/.

  --sample        the shipped sample: the events of the CloudTrail sample (examples/logs)
  --logs DIR      a copy of a trail bucket (from scripts/generate-logs) to convert
  --out DIR       where to write (its aws/ folder is replaced)
  --version V     Security Lake source version: 2.0 (default) or 1.0
`;

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sample: { type: 'boolean', default: false },
      logs: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string', default: '2.0' },
      help: { type: 'boolean', default: false },
    },
  });
  const version = values.version as SecurityLakeVersion;
  if (
    values.help ||
    !values.out ||
    values.sample === (values.logs !== undefined) ||
    !SECURITY_LAKE_VERSIONS.includes(version)
  ) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.sample) {
    const manifest = await generateSecurityLakeSample(values.out, version);
    process.stdout.write(
      `Wrote ${manifest.objects.length + manifest.unreadableObjects.length} objects (${manifest.records} records) to ${values.out}\n`,
    );
  } else {
    const result = await convertTrail(values.logs!, values.out, version);
    process.stdout.write(
      `Wrote ${result.objects.length} objects (${result.records} records) to ${values.out}\n`,
    );
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
