/**
 * The local engine's memory, bounded whatever the files: one log file of 30 MiB to 1,000 MiB of JSON, each
 * audited alone, and windows of 100,000 and 1,000,000 tiny files. Each audit is the whole command as a user
 * runs it (bench/cli-run.ts); peak memory is its process's maximum resident set.
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DATA, generate } from './data.js';
import { figureGroup, type Figure } from './figures.js';
import { localAudit } from './local.js';

const LARGE_FILE_MIB = [30, 60, 120, 1000];
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const DAY = '2026-10-03';

/** A record like CloudTrail's, each a little different, so that the file compresses as a real one does. */
function record(i: number): string {
  return JSON.stringify({
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/App/i-${i % 977}`,
      accountId: ACCOUNT,
    },
    eventTime: `${DAY}T${String(i % 24).padStart(2, '0')}:00:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: REGION,
    sourceIPAddress: `203.0.113.${i % 251}`,
    userAgent: `aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64 command/s3.cp ${i % 1013}`,
    requestParameters: { bucketName: 'data', key: `objects/${i}` },
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  });
}

/** A copy holding one log file of about `mib` MiB of JSON, written once; its records' count. */
async function largeFile(mib: number): Promise<{ dir: string; records: number }> {
  const dir = path.join(DATA, `large-file-${mib}mib`);
  const count = Math.ceil((mib * 2 ** 20) / (record(0).length + 1));
  const folder = path.join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', REGION, DAY.replaceAll('-', '/'));
  const file = path.join(folder, `${ACCOUNT}_CloudTrail_${REGION}_20261003T0800Z_large.json.gz`);
  if (!existsSync(file)) {
    console.error(`Writing a log file of ${mib} MiB of JSON…`);
    mkdirSync(folder, { recursive: true });
    async function* json() {
      yield '{"Records":[';
      for (let i = 0; i < count; i += 1000) {
        yield `${i > 0 ? ',' : ''}${Array.from({ length: Math.min(1000, count - i) }, (_, k) => record(i + k)).join(',')}`;
      }
      yield ']}';
    }
    await pipeline(Readable.from(json()), createGzip({ level: 1 }), createWriteStream(`${file}.part`));
    await rename(`${file}.part`, file);
  }
  return { dir, records: count };
}

async function largeFileFigures(): Promise<Figure[]> {
  const figure = figureGroup(
    `Local engine, one large log file: ${LARGE_FILE_MIB.join(', ')} MiB of JSON, each audited alone (the whole command)`,
  );
  const figures: Figure[] = [];
  for (const mib of LARGE_FILE_MIB) {
    const { dir, records } = await largeFile(mib);
    console.error(`Local engine on one log file of ${mib} MiB of JSON…`);
    const run = await localAudit(dir, { start: DAY, end: DAY });
    figures.push(
      figure(
        `peak memory, ${mib} MiB of JSON`,
        run.maxRssBytes / 2 ** 20,
        'MiB',
        { max: 1024 },
        `< 1 GiB, whatever the file's size (${(run.ms / 1000).toFixed(1)} s)`,
      ),
      figure(
        `records counted / records in the ${mib} MiB file`,
        run.records / records,
        '×',
        { min: 1 },
        '1 (every record read)',
      ),
    );
  }
  return figures;
}

/** Tiny files, one record each: 100 accounts × 10 regions × days × 100 files a day. */
async function manyFiles(files: number): Promise<Figure[]> {
  const accounts = Array.from({ length: 100 }, (_, i) => String(500000000000 + i));
  const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1'].concat([
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'ap-south-1',
    'sa-east-1',
  ]);
  const days = files / (accounts.length * regions.length * 100);
  const end = `2026-10-${String(days).padStart(2, '0')}`;
  const { dir } = await generate(`tiny-files-${files}`, {
    start: '2026-10-01',
    end,
    accounts,
    regions,
    filesPerDay: 100,
    recordsPerFile: 1,
    supportCallsPerFile: 0.01,
  });
  console.error(`Local engine on ${files.toLocaleString('en-US')} tiny files…`);
  // The whole folder: its last day is read too, as the day after a window's end always is.
  const run = await localAudit(dir, {
    start: '2026-10-01',
    end: days > 1 ? `2026-10-${String(days - 1).padStart(2, '0')}` : end,
  });
  const figure = figureGroup(
    `Local engine, many tiny files: ${files.toLocaleString('en-US')} files of one record, ${accounts.length} accounts × ${regions.length} regions × ${days} days (the whole command)`,
  );
  return [
    figure(
      'peak memory',
      run.maxRssBytes / 2 ** 20,
      'MiB',
      { max: 1024 },
      `< 1 GiB (${(run.ms / 1000).toFixed(0)} s)`,
    ),
    figure('files read / files', run.filesRead / files, '×', { min: 1 }, '1 (every file)'),
  ];
}

export async function memoryFigures(): Promise<Figure[]> {
  return [...(await largeFileFigures()), ...(await manyFiles(100_000)), ...(await manyFiles(1_000_000))];
}
