/**
 * `npm run emulator -- --logs DIR`: the Athena emulator the tests use, started by hand on a local copy of a trail
 * bucket, so the action and the CLI's Athena engine can be tried without an AWS account. It prints the
 * environment to paste (or to put in .env for `npm run local-action`), then serves until interrupted.
 */
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAthenaEmulator } from '../test/emulator/index.js';

const HELP = `Usage: npm run emulator -- --logs DIR [--bucket NAME] [--port N]

Serves Amazon Athena's API on 127.0.0.1, answering queries from the CloudTrail files in DIR: a copy of a trail
bucket (aws s3 sync s3://BUCKET DIR), as s3://NAME/. No AWS account is involved and no request leaves the machine.

  --logs DIR      the copy of the trail bucket (examples/logs for the synthetic sample)
  --bucket NAME   the bucket name it stands for (default: trail-bucket)
  --port N        the port to listen on (default: any free one)
  --help          this text
`;

/** The workgroup's results location: the emulator keeps results in memory, so any valid location does. */
const RESULTS = 's3://support-audit-emulator-results/';

function usage(message: string): never {
  process.stderr.write(`emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        logs: { type: 'string' },
        bucket: { type: 'string', default: 'trail-bucket' },
        port: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values.logs === undefined) usage('--logs is required.');
const logs = path.resolve(values.logs);
if (!(await stat(logs).catch(() => undefined))?.isDirectory())
  usage(`--logs ${values.logs} is not a folder.`);
if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(values.bucket))
  usage(`--bucket ${values.bucket} is not a bucket name.`);
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
  usage(`--port ${values.port} is not a port.`);

const bucketsDir = await mkdtemp(path.join(os.tmpdir(), 'support-audit-emulator-'));
await symlink(logs, path.join(bucketsDir, values.bucket));
const emulator = await startAthenaEmulator({
  bucketsDir,
  port,
  workgroups: { primary: { outputLocation: RESULTS } },
});
process.stdout.write(`Athena emulator on ${emulator.endpoint}, reading ${logs} as s3://${values.bucket}/.
Point the CLI or the action at it with this environment (or add it to .env for npm run local-action):

AWS_ENDPOINT_URL_ATHENA=${emulator.endpoint}
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=emulator
AWS_SECRET_ACCESS_KEY=emulator
INPUT_BUCKET=${values.bucket}

For example: npm start -- --bucket ${values.bucket} --account ACCOUNT --region REGION --start-date ... --end-date ...
Press Ctrl+C to stop.
`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => rm(bucketsDir, { recursive: true, force: true }));
  });
}
