/**
 * The SYNTHETIC Security Lake sample in `examples/security-lake`: the CloudTrail sample's events (every support
 * call and lookalike of `examples/logs`), converted to source version 2's OCSF Parquet objects. The trail
 * sample's one corrupt log file has a counterpart: an object cut in half, which no reader can read either.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { SAMPLE_WINDOW } from '../../src/core/sample.js';
import type { SecurityLakeVersion } from '../../src/core/sources/ocsf.js';
import { securityLakeFolder } from '../../src/core/sources/security-lake.js';
import type { AuditWindow } from '../../src/core/types.js';
import { generateSample, type SampleManifest } from '../generate-logs/index.js';
import { convertTrail, writeParquet } from './convert.js';

export interface SecurityLakeSampleManifest {
  readonly version: SecurityLakeVersion;
  readonly window: AuditWindow;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Keys of the readable objects, sorted. */
  readonly objects: readonly string[];
  readonly records: number;
  /** Keys the audit must list as unreadable. */
  readonly unreadableObjects: readonly string[];
  /** The CloudTrail sample the events come from, with what an audit of its window must report. */
  readonly trail: SampleManifest;
}

const DELIVERY = /\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\//;

/** Writes the sample into `outDir` (replacing its `aws/` folder), as `version`'s objects (2.0 unless given). */
export async function generateSecurityLakeSample(
  outDir: string,
  version: SecurityLakeVersion = '2.0',
): Promise<SecurityLakeSampleManifest> {
  const trailDir = await mkdtemp(path.join(tmpdir(), 'security-lake-trail-'));
  try {
    const trail = await generateSample(trailDir);
    const converted = await convertTrail(trailDir, outDir, version);
    const unreadableObjects: string[] = [];
    for (const key of converted.unreadable) {
      const [, account, region, year, month, day] = DELIVERY.exec(key)!;
      const name = createHash('sha256').update(key).digest('hex').slice(0, 32);
      const object = `${securityLakeFolder(version)}/region=${region}/accountId=${account}/eventDay=${year}${month}${day}/${name}.gz.parquet`;
      const file = path.join(outDir, object);
      await writeParquet([], version, file, trailDir);
      const whole = await readFile(file);
      await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
      unreadableObjects.push(object);
    }
    return {
      version,
      window: SAMPLE_WINDOW,
      accounts: trail.accounts,
      regions: trail.regions,
      objects: converted.objects,
      records: converted.records,
      unreadableObjects,
      trail,
    };
  } finally {
    await rm(trailDir, { recursive: true, force: true });
  }
}
