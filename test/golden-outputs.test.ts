/**
 * Every output of three audits, whole, against committed copies in test/golden/: the shipped CloudTrail sample
 * and the Security Lake sample (audited by the local engine, as `npm start` audits them) and a failing Athena
 * audit of 20,000 calls. Any change to what an output says shows as a diff to review. Only what varies from run
 * to run or machine to machine is normalised: durations and the repository's absolute path. Outputs too large to
 * review as text (the large audit's page and event files) are pinned by their SHA-256. After an intended
 * change, rewrite the copies and commit them with the change:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden-outputs.test.ts
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setOutputs } from '../src/action/outputs.js';
import { runAudit } from '../src/core/audit.js';
import type { AuditResult } from '../src/core/result.js';
import { SAMPLE_WINDOW, sampleLogsDir } from '../src/core/sample.js';
import { parseSettings } from '../src/core/settings.js';
import { failureMessages } from '../src/core/verdict.js';
import { openEngine } from '../src/engines/index.js';
import { renderEventsCsv } from '../src/report/csv.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderEventsJson, renderSummaryJson } from '../src/report/json.js';
import {
  fitComment,
  fitJobSummary,
  renderMarkdown,
  renderTerminalReport,
} from '../src/report/markdown/index.js';
import { resultLine } from '../src/report/result-line.js';
import { TODAY } from './helpers/audit-local.js';
import { largeResult } from './helpers/large-result.js';

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
/** Outputs pinned by digest when larger than this: too long to review as a diff. */
const LARGEST_KEPT_CHARS = 400_000;
const FILES = { reportMd: '/report/report.md', eventsCsv: '/report/events.csv' } as const;

async function sampleAudit(source: 'cloudtrail' | 'security-lake'): Promise<AuditResult> {
  const settings = parseSettings(
    {
      logs: sampleLogsDir(source),
      source,
      'start-date': SAMPLE_WINDOW.start,
      'end-date': SAMPLE_WINDOW.end,
    },
    TODAY,
  );
  const engine = await openEngine(settings, { log: () => {} });
  try {
    return await runAudit(settings, engine, { now: () => TODAY, sample: true });
  } finally {
    await engine.close();
  }
}

/** The step outputs the action sets, as the runner's GITHUB_OUTPUT file holds them. */
async function actionOutputs(result: AuditResult): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'golden-outputs-'));
  const file = path.join(folder, 'output');
  const before = process.env.GITHUB_OUTPUT;
  try {
    await writeFile(file, '');
    process.env.GITHUB_OUTPUT = file;
    setOutputs(result, {
      dir: '/report',
      reportMd: FILES.reportMd,
      reportHtml: '/report/report.html',
      summaryJson: '/report/summary.json',
      eventsJson: '/report/events.json',
      eventsCsv: FILES.eventsCsv,
    });
    return (await readFile(file, 'utf8')).replace(/ghadelimiter_[0-9a-f-]+/g, 'ghadelimiter');
  } finally {
    if (before === undefined) delete process.env.GITHUB_OUTPUT;
    else process.env.GITHUB_OUTPUT = before;
    await rm(folder, { recursive: true, force: true });
  }
}

async function outputs(result: AuditResult): Promise<Record<string, string>> {
  return {
    'report.md': renderMarkdown(result),
    'report.html': renderHtml(result),
    'summary.json': renderSummaryJson(result),
    'events.json': renderEventsJson(result),
    'events.csv': renderEventsCsv(result.events),
    'terminal.md': renderTerminalReport(result, FILES),
    'job-summary.md': fitJobSummary(result, { fullReportPath: FILES.reportMd }),
    'comment.md': fitComment(result, {
      fullReportPath: 'report.md in the report artifact',
      reservedChars: 31,
    }),
    'result-line.txt': `${resultLine(result)}\n`,
    'failure.txt': `${failureMessages(result.verdict).join('\n')}\n`,
    'action-outputs.txt': await actionOutputs(result),
  };
}

/** What varies between runs of the same audit: durations, the repository's place on this machine. */
function normalise(text: string): string {
  return (
    text
      .replaceAll(REPOSITORY, '<repository>/')
      // report.html offers a line break after each separator of a path.
      .replaceAll(REPOSITORY.replace(/[/:_.]/g, '$&<wbr>'), '<repository>/<wbr>')
      .replace(/"(engineExecutionMs|queueMs|totalMs)": \d+/g, '"$1": 0')
      .replace(/\b\d[\d,]*(\.\d+)? m?s\b/g, '<duration>')
  );
}

function digest(text: string): string {
  return `sha256 ${createHash('sha256').update(text).digest('hex')} (${text.length} characters)\n`;
}

async function compare(scenario: string, rendered: Record<string, string>): Promise<void> {
  const folder = path.join(GOLDEN, scenario);
  if (process.env.UPDATE_GOLDEN === '1') await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(rendered)) {
    const normalised = normalise(text);
    const [file, content] =
      normalised.length > LARGEST_KEPT_CHARS ? [`${name}.sha256`, digest(normalised)] : [name, normalised];
    const golden = path.join(folder, file);
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(golden, content);
    expect(content, `${scenario}/${file}`).toBe(await readFile(golden, 'utf8'));
  }
}

describe('every output, against the committed copies', () => {
  it('of the CloudTrail sample', async () => {
    await compare('sample', await outputs(await sampleAudit('cloudtrail')));
  });

  it('of the Security Lake sample', async () => {
    await compare('security-lake-sample', await outputs(await sampleAudit('security-lake')));
  });

  it('of a failing audit of 20,000 calls', async () => {
    await compare('large-failing', await outputs(largeResult()));
  });
});
