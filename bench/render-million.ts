/**
 * Child process of bench/render-memory.ts: writes the result files of an audit of RENDERED_CALLS support calls, as
 * both engines' runs do once the audit is measured (the result files come from the result, whatever the engine).
 * Its peak memory comes from bench/peak-memory.mjs. Argument: the output folder.
 */
import { prepareOutputDir, startReportFiles, writeReportFiles } from '../src/report/files.js';
import { resultFromEvents, supportEvent } from '../test/helpers/result-factory.js';
import { RENDERED_CALLS, RENDERED_SHAPE } from './render-shape.js';

const { accounts, regions, days, sessions } = RENDERED_SHAPE;
const template = supportEvent();
const events = Array.from({ length: RENDERED_CALLS }, (_, i) => {
  const account = String(300000000000 + (i % accounts));
  const session = `support-session-${i % sessions}`;
  const second = Math.floor((i / RENDERED_CALLS) * days * 86_400);
  return {
    ...template,
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventTime: new Date(Date.UTC(2025, 0, 1) + second * 1000).toISOString().replace('.000', ''),
    awsRegion: regions[i % regions.length]!,
    recipientAccountId: account,
    arn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForSupport/${session}`,
    principalId: `AROAEXAMPLEROLEID1234:${session}`,
    eventName: `Describe${i % 97}`,
  };
});
const result = { ...resultFromEvents([template]), events };
const dir = await prepareOutputDir(process.argv[2]!);
await startReportFiles(dir);
await writeReportFiles(result, dir);
