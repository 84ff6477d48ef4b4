/**
 * report.html's verdict as text: the badge, the statement and each gate's line say what the verdict says, for
 * every status. The page in a browser is report-html-browser.test.ts; this runs without one.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html/index.js';
import { auditResult, gated, withUnreadableFiles } from './helpers/result-factory.js';

/** The verdict block: its status attribute, its badge, its statement and its gate lines. */
function verdictOf(html: string) {
  const block =
    /<div class="verdict ([a-z-]+)" data-verdict="([a-z-]+)"><span class="badge">([^<]*)<\/span><div><p>([^<]*)<\/p><ul class="checks">(.*?)<\/ul>/.exec(
      html,
    );
  expect(block, 'the verdict block').not.toBeNull();
  const [, kind, status, badge, statement, checks] = block!;
  const lines = [
    ...checks!.matchAll(/<li class="([a-z]+)"><span aria-hidden="true">(.)<\/span> ([^<]*)<\/li>/g),
  ];
  return {
    kind,
    status,
    badge,
    statement,
    gates: lines.map(([, cls, mark, reason]) => ({ cls, mark, reason })),
  };
}

describe("report.html's verdict", () => {
  it('says Fail on a failing run, with the gate that failed', () => {
    const verdict = verdictOf(renderHtml(gated(auditResult(), { threshold: 1 })));
    expect(verdict).toMatchObject({
      kind: 'failed',
      status: 'failed',
      badge: 'Fail',
      statement: 'The audit fails its gates.',
    });
    expect(verdict.gates).toEqual([
      { cls: 'failed', mark: '✗', reason: '3 support calls: 2 over the threshold of 1' },
      { cls: 'passed', mark: '✓', reason: 'the audit read everything in the window; require-complete is on' },
    ]);
  });

  it('says Pass only when every gate passed on a complete audit', () => {
    const verdict = verdictOf(renderHtml(gated(auditResult(), { threshold: 3 })));
    expect(verdict).toMatchObject({
      status: 'passed',
      badge: 'Pass',
      statement: 'The audit passes its gates.',
    });
    expect(verdict.gates[0]).toEqual({
      cls: 'passed',
      mark: '✓',
      reason: '3 support calls, within the threshold of 3',
    });
  });

  it('says Incomplete, not Pass, when the audit could not read everything and require-complete is off', () => {
    const unreadable = withUnreadableFiles(auditResult(), [
      { path: 'AWSLogs/x.json.gz', reason: 'not gzip' },
    ]);
    const result = gated(unreadable, { threshold: 3, requireComplete: false });
    const verdict = verdictOf(renderHtml(result));
    expect(verdict).toMatchObject({ status: 'incomplete', badge: 'Incomplete' });
    expect(verdict.gates[0]).toMatchObject({ cls: 'undecided', mark: '?' });
  });

  it('says Fail, not Incomplete, when the audit could not read everything and require-complete is on', () => {
    const unreadable = withUnreadableFiles(auditResult(), [
      { path: 'AWSLogs/x.json.gz', reason: 'not gzip' },
    ]);
    const verdict = verdictOf(renderHtml(gated(unreadable, { threshold: 3, requireComplete: true })));
    expect(verdict).toMatchObject({ kind: 'failed', status: 'failed', badge: 'Fail' });
    expect(verdict.gates).toEqual([
      {
        cls: 'undecided',
        mark: '?',
        reason:
          '3 support calls found, within the threshold of 3, but the audit is incomplete: there may be more',
      },
      {
        cls: 'failed',
        mark: '✗',
        reason: 'the audit is incomplete: 1 log file could not be read; require-complete is on',
      },
    ]);
  });

  it('says Report only when no gate is set, with the threshold shown as not set', () => {
    const verdict = verdictOf(renderHtml(gated(auditResult(), { requireComplete: false })));
    expect(verdict).toMatchObject({ status: 'not-gated', badge: 'Report only' });
    expect(verdict.gates).toEqual([{ cls: 'info', mark: 'ℹ', reason: '3 support calls; no threshold set' }]);
  });
});
