/**
 * The local engine's memory bound, proven on the worst files: a record bomb (a gzip of about 17 MiB expanding
 * to 3.5 GiB of JSON, as the one DuckDB's reader alone ran out of memory on at 10.5 GiB; its trailer claims a
 * small file's size) and a gzip stream followed by garbage, among ordinary log files. Both must be listed with
 * their reason, the rest read, within 1 GiB: the bomb streams until the expansion limit, then is refused.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { LARGEST_LOG_FILE_BYTES } from '../src/engines/local/trail-reader.js';
import { ACCOUNTS, generate, REGIONS } from './data.js';
import { localAudit } from './local.js';
import { figureGroup, type Figure } from './figures.js';

const DAY = '2026-10-01';
const BOMB_BYTES = 3.5 * 2 ** 30;

/** A record like CloudTrail's, the same one over and over: about 200 times smaller in gzip. */
function bombRecord(): string {
  const id = '8c3e2a11';
  return `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:bomb","arn":"arn:aws:sts::${ACCOUNTS[0]}:assumed-role/Bomb/bomb","accountId":"${ACCOUNTS[0]}"},"eventTime":"${DAY}T08:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"${REGIONS[0]}","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/ec2.describe-instances","requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,"requestID":"${id}","eventID":"${id}-0000-4000-8000-000000000000","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"${ACCOUNTS[0]}","eventCategory":"Management"}`;
}

/** Writes the bomb once: 3.5 GiB of records compressed as one gzip stream. */
async function writeBomb(file: string): Promise<void> {
  const record = bombRecord().length + 1;
  const count = Math.floor(BOMB_BYTES / record);
  async function* text() {
    yield '{"Records":[';
    for (let i = 0; i < count; i += 4096) {
      const batch = Array.from({ length: Math.min(4096, count - i) }, bombRecord);
      yield `${i > 0 ? ',' : ''}${batch.join(',')}`;
    }
    yield ']}';
  }
  await pipeline(Readable.from(text()), createGzip({ level: 9 }), createWriteStream(file));
  // The trailer claims what a small log file holds: the limit must count what is inflated, not what is claimed.
  const handle = await open(file, 'r+');
  const { size } = await handle.stat();
  const claim = Buffer.alloc(4);
  claim.writeUInt32LE(1 << 20);
  await handle.write(claim, 0, 4, size - 4);
  await handle.close();
}

export async function badFileFigures(): Promise<Figure[]> {
  const { dir } = await generate('bad-files', {
    start: DAY,
    end: DAY,
    accounts: [ACCOUNTS[0]!],
    regions: [REGIONS[0]!],
    filesPerDay: 24,
    recordsPerFile: 400,
    supportCallsPerFile: 2,
  });
  const folder = path.join(
    dir,
    `AWSLogs/${ACCOUNTS[0]}/CloudTrail/${REGIONS[0]}/${DAY.replaceAll('-', '/')}`,
  );
  const bomb = path.join(
    folder,
    `${ACCOUNTS[0]}_CloudTrail_${REGIONS[0]}_20261001T2359Z_bomb-claims-1mib.json.gz`,
  );
  if (!existsSync(bomb)) {
    console.error('Writing a 3.5 GiB record bomb…');
    mkdirSync(folder, { recursive: true });
    await writeBomb(bomb);
  }
  const ordinary = readdirSync(folder).find((f) => !f.includes('bomb') && !f.includes('garbage'))!;
  writeFileSync(
    path.join(folder, `${ACCOUNTS[0]}_CloudTrail_${REGIONS[0]}_20261001T2358Z_garbage.json.gz`),
    Buffer.concat([readFileSync(path.join(folder, ordinary)), Buffer.from('garbage')]),
  );
  const bombMib = readFileSync(bomb).length / 2 ** 20;
  console.error(`Local engine on a ${bombMib.toFixed(0)} MiB record bomb and a gzip with trailing garbage…`);

  const run = await localAudit(dir, { start: DAY, end: DAY });
  const limit = `${LARGEST_LOG_FILE_BYTES / 2 ** 20} MiB`;
  const listed = run.unreadable.filter(
    ({ file, reason }) =>
      (file.includes('bomb') && reason.startsWith(`larger than ${limit}`)) ||
      (file.includes('garbage') && reason.includes('trailing garbage')),
  );
  const figure = figureGroup(
    `Local engine, bad files: a ${bombMib.toFixed(0)} MiB gzip expanding to 3.5 GiB and a gzip followed by garbage, among 24 log files`,
  );
  return [
    figure(
      'peak memory, the record bomb in the window',
      run.maxRssBytes / 2 ** 20,
      'MiB',
      { max: 1024 },
      `< 1 GiB (the bomb streamed up to the expansion limit, ${limit} of JSON)`,
    ),
    figure('bad files listed as unreadable, with their reason', listed.length, 'files', { min: 2 }, '2 of 2'),
    figure(
      'log files read beside them',
      run.filesRead - run.unreadable.length,
      'files',
      { min: 24 },
      'all 24',
    ),
  ];
}
