/** The siblings of the sample's CloudTrail folders, which the audit must not read: a digest and an insight. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SUPPORT_HOST } from '../../src/core/criteria.js';
import { partitionDay } from '../../src/core/dates.js';
import { dayFolder, dayOf, fileStamp, isoSeconds, writeObject, type TrailPrefix } from './layout.js';
import { place, type Place } from './places.js';
import { ALNUM, type Random } from './random.js';
import { PRODUCTION } from './sample-plan.js';

/** A log file of the sample as written, for the digest to list. */
export interface WrittenLogFile {
  readonly key: string;
  readonly deliveredAt: number;
  readonly bytes: Buffer;
  readonly account: string;
  readonly region: string;
}

interface DigestedFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  readonly hashValue: string;
  readonly hashAlgorithm: string;
  readonly newestEventTime: string;
  readonly oldestEventTime: string;
}

function digestBody(account: string, region: string, start: number, end: number, files: DigestedFile[]) {
  const bucket = 'amzn-s3-demo-bucket';
  const name = (ms: number) =>
    `AWSLogs/${account}/CloudTrail-Digest/${region}/${partitionDay(dayOf(ms))}/${account}_CloudTrail-Digest_${region}_management-events_${region}_${fileStamp(ms).replace('Z', '00Z')}.json.gz`;
  return {
    key: name(end),
    body: {
      awsAccountId: account,
      digestStartTime: isoSeconds(start),
      digestEndTime: isoSeconds(end),
      digestS3Bucket: bucket,
      digestS3Object: name(end),
      digestPublicKeyFingerprint: createHash('md5').update(`${account}/${region}`).digest('hex'),
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: files.map((f) => f.newestEventTime).sort()[files.length - 1] ?? null,
      oldestEventTime: files.map((f) => f.oldestEventTime).sort()[0] ?? null,
      previousDigestS3Bucket: bucket,
      previousDigestS3Object: name(start),
      previousDigestHashValue: createHash('sha256').update(name(start)).digest('hex'),
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: createHash('sha512').update(name(start)).digest('hex'),
      logFiles: files,
    },
  };
}

function insightRecords(p: Place, random: Random): string {
  const shared = random.uuid();
  const record = (state: 'Start' | 'End', time: string) => ({
    eventVersion: '1.08',
    eventTime: time,
    awsRegion: p.region,
    eventID: random.uuid(),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: p.account,
    sharedEventID: shared,
    insightDetails: {
      state,
      eventSource: SUPPORT_HOST,
      eventName: 'DescribeCases',
      insightType: 'ApiCallRateInsight',
      insightContext: {
        statistics: {
          baseline: { average: 0.0125 },
          insight: { average: 4 },
          ...(state === 'End' ? { insightDuration: 3 } : {}),
        },
      },
    },
    eventCategory: 'Insight',
  });
  return JSON.stringify({
    Records: [record('Start', '2026-11-04T12:01:00Z'), record('End', '2026-11-04T12:04:00Z')],
  });
}

/** Writes a digest for the hour of the production trail's first us-east-1 delivery on 2026-11-03, listing its files. */
export async function writeDigest(outDir: string, written: readonly WrittenLogFile[]): Promise<string> {
  const production = written.filter((f) => f.account === PRODUCTION && f.region === 'us-east-1');
  const firstOfDay = Math.min(
    ...production.filter((f) => dayOf(f.deliveredAt) === '2026-11-03').map((f) => f.deliveredAt),
  );
  const digestEnd = Math.floor(firstOfDay / 3_600_000) * 3_600_000 + 3_600_000;
  const digestStart = digestEnd - 3_600_000;
  const covered = production
    .filter((f) => f.deliveredAt >= digestStart && f.deliveredAt < digestEnd)
    .map((f) => ({
      s3Bucket: 'amzn-s3-demo-bucket',
      s3Object: f.key,
      hashValue: createHash('sha256').update(f.bytes).digest('hex'),
      hashAlgorithm: 'SHA-256',
      newestEventTime: isoSeconds(f.deliveredAt - 60_000),
      oldestEventTime: isoSeconds(f.deliveredAt - 900_000),
    }));
  const digest = digestBody(PRODUCTION, 'us-east-1', digestStart, digestEnd, covered);
  await writeObject(outDir, digest.key, gzipSync(Buffer.from(JSON.stringify(digest.body)), { level: 6 }));
  return digest.key;
}

/** Writes an insight file of the production trail in us-east-1 on 2026-11-04. */
export async function writeInsight(outDir: string, trail: TrailPrefix, random: Random): Promise<string> {
  const insightAt = Date.parse('2026-11-04T12:09:00Z');
  const insightKey =
    `${dayFolder(trail, PRODUCTION, 'CloudTrail-Insight', 'us-east-1', dayOf(insightAt))}/` +
    `${PRODUCTION}_CloudTrail-Insight_us-east-1_${fileStamp(insightAt)}_${random.chars(ALNUM, 16)}.json.gz`;
  const insightPlace = place(PRODUCTION, 'us-east-1');
  await writeObject(
    outDir,
    insightKey,
    gzipSync(Buffer.from(insightRecords(insightPlace, random)), { level: 6 }),
  );
  return insightKey;
}
