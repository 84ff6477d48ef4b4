/**
 * report.md of the shipped sample, whole, against a committed copy (test/golden/sample-report.md): any change
 * to what the report says or how it lays it out shows as a diff to review. Only what genuinely varies from run
 * to run or machine to machine is normalised: the durations in the statistics and the repository's absolute
 * path. After an intended change, rewrite the copy and commit it with the change:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden-report.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_WINDOW, sampleLogsDir } from '../src/core/sample.js';
import { renderMarkdown } from '../src/report/markdown/index.js';
import { auditLocal } from './helpers/audit-local.js';

const GOLDEN = fileURLToPath(new URL('./golden/sample-report.md', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));

/** Durations (`72 ms`, `1.25 s`) in the statistics section, the last of the report. */
function normalise(report: string): string {
  const statistics = report.indexOf('\n## Statistics\n');
  expect(statistics, 'the statistics section').toBeGreaterThan(0);
  const durations = report.slice(statistics).replace(/\b\d[\d,]*(\.\d+)? m?s\b/g, '<duration>');
  return (report.slice(0, statistics) + durations).replaceAll(REPOSITORY, '<repository>/');
}

describe('report.md of the sample', () => {
  it('is the committed golden file, but for durations and the absolute path of the logs', async () => {
    const result = await auditLocal(sampleLogsDir(), {
      'start-date': SAMPLE_WINDOW.start,
      'end-date': SAMPLE_WINDOW.end,
    });
    const report = normalise(renderMarkdown(result));
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(GOLDEN, report);
    expect(report).toBe(await readFile(GOLDEN, 'utf8'));
  });
});
