import { describe, expect, it } from 'vitest';
import { BYTES_PER_MB, PRICE_LABEL, billedBytes, estimatedCostUsd } from '../src/core/cost.js';
import {
  JOB_SUMMARY_MAX_BYTES,
  MAX_CELL_CHARS,
  PR_COMMENT_MAX_CHARS,
  escapeMarkdown,
  fitComment,
  fitJobSummary,
  renderMarkdown,
} from '../src/report/markdown/index.js';
import type { SupportEvent } from '../src/core/result.js';
import { hostileResult } from './helpers/hostile-result.js';
import {
  athenaQuery,
  auditResult,
  gated,
  resultFromEvents,
  seedResult,
  supportEvent,
} from './helpers/result-factory.js';

const HOSTILE = [
  'pipe | in the middle',
  'back`tick`s',
  '<script>alert(1)</script>',
  'hello @octocat',
  'line one\nline two\r\nline three',
  '[link](javascript:alert(1))',
  '![image](https://example.com/x.png)',
  '**bold** _em_ ~~strike~~ # heading &amp; \\| escaped pipe',
  'trailing backslash \\',
  'see https://evil.example/pwn or www.evil.example, fixes GH-42',
];

/** Pipes that end a cell: GitHub's table parser treats a pipe right after a backslash as cell text. */
function cellPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i += 1) if (line[i] === '|' && line[i - 1] !== '\\') count += 1;
  return count;
}

/** Each run of lines that start with a pipe, as one table. */
function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + heading.length + 2);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function manyEvents(count: number): SupportEvent[] {
  return Array.from({ length: count }, (_, i) =>
    supportEvent({
      eventTime: `2025-01-0${1 + (i % 7)}T00:00:${String(i % 60).padStart(2, '0')}Z`,
      eventSource: `service${i % 300}.amazonaws.com`,
      recipientAccountId: String(100000000000 + (i % 500)),
      awsRegion: ['us-east-1', 'eu-west-1', 'ap-northeast-1'][i % 3]!,
      arn: `arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/セッション-${i}`,
      principalId: `AROAEXAMPLEROLEID1234:セッション-${i}`,
    }),
  );
}

describe('renderMarkdown headline', () => {
  it('passes within the threshold', () => {
    const markdown = renderMarkdown(gated(auditResult(), { threshold: 20 }));
    expect(markdown).toContain('**✅ The audit passes its gates.**');
    expect(markdown).toContain('- ✅ 3 support calls, within the threshold of 20');
    expect(markdown).not.toContain('❌');
  });

  it('fails over the threshold, saying by how much', () => {
    const result = gated(resultFromEvents(Array.from({ length: 25 }, () => supportEvent())), {
      threshold: 20,
    });
    expect(renderMarkdown(result)).toContain('**❌ The audit fails its gates.**');
    expect(renderMarkdown(result)).toContain('- ❌ 25 support calls: 5 over the threshold of 20');
  });

  it('says when no threshold is set, and counts one call in the singular', () => {
    expect(renderMarkdown(auditResult())).toContain('- ℹ️ 3 support calls; no threshold set');
    expect(renderMarkdown(resultFromEvents([supportEvent()]))).toContain(
      '- ℹ️ 1 support call; no threshold set',
    );
  });

  it('reports the write-call gate only when it is enabled', () => {
    const events = [
      supportEvent({ readOnly: 'false', eventName: 'DeleteRole' }),
      supportEvent({ readOnly: null }),
      supportEvent(),
    ];
    const failed = renderMarkdown(gated(resultFromEvents(events), { failOnWriteCalls: true }));
    expect(failed).toContain('- ❌ 2 write (non-read-only) support calls; fail-on-write-calls is on');
    const passed = renderMarkdown(gated(auditResult(), { failOnWriteCalls: true }));
    expect(passed).toContain('- ✅ no write (non-read-only) support calls; fail-on-write-calls is on');
    expect(renderMarkdown(resultFromEvents(events))).not.toContain('fail-on-write-calls');
  });

  it('puts the incomplete warning above the headline, with the number of unreadable files', () => {
    const markdown = renderMarkdown(
      auditResult({
        complete: false,
        incompleteReasons: ['2 log files could not be read'],
        unreadableFiles: [
          { path: 'AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/02/a.json.gz', reason: 'not gzip' },
          { path: 'AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/03/b.json.gz', reason: 'no Records' },
        ],
      }),
    );
    const warning = markdown.indexOf('**Incomplete:** 2 log files could not be read');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(markdown.indexOf('3 support calls; no threshold set'));
    expect(markdown).toContain('may be lower than the truth');
    const files = section(markdown, '## Unreadable files');
    expect(files).toContain('| AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/02/a.json.gz | not gzip |');
    expect(files).toContain('no Records');
  });

  it('has no incomplete warning when every file was read', () => {
    const markdown = renderMarkdown(auditResult());
    expect(markdown).not.toContain('Incomplete');
    expect(section(markdown, '## Unreadable files')).toContain('every file was read');
  });
});

describe('renderMarkdown content', () => {
  it('describes the scope of an Athena audit by its table', () => {
    const scope = section(renderMarkdown(auditResult()), '## Scope');
    expect(scope).toContain('Window: 2025-01-01 to 2025-01-07 (UTC, both days included)');
    expect(scope).toContain('Engine: Athena (us-east-1)');
    expect(scope).toContain('Query set: single-scan');
    expect(scope).toContain('Table: default.cloudtrail_logs_pp, partitioned by timestamp');
    expect(scope).toContain(
      'Location: s3://example-trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1\n',
    );
    expect(scope).toContain('Accounts: 111122223333');
    expect(scope).toContain('Regions: us-east-1');
    expect(scope).toContain('Table action: created default.cloudtrail_logs_pp');
    expect(scope.match(/Table:/g)).toHaveLength(1);
  });

  it('describes the scope of a local audit by its folders and files, without tables or partitions', () => {
    const local = auditResult(
      {},
      {
        engine: 'local',
        location: '/home/me/trail-copy/AWSLogs',
        actions: [
          "12 log files (3.50 KB) from the window's day folders",
          'AWSLogs/o-abcdefghij/ holds an organization trail',
        ],
      },
    );
    const scope = section(renderMarkdown(local), '## Scope');
    expect(scope).toContain('Engine: local (DuckDB), over a copy of the trail bucket');
    expect(scope).toContain('Logs: /home/me/trail-copy/AWSLogs');
    expect(scope).toContain("Read: 12 log files (3.50 KB) from the window's day folders");
    expect(scope).toContain('Note: AWSLogs/o-abcdefghij/ holds an organization trail');
    expect(scope).not.toMatch(/Table|Partition|Layout/);
  });

  it('counts each criterion, their union and the write calls, with the criteria descriptions', () => {
    const events = [
      supportEvent({ bySupportRole: false, byInvokedBy: false, identityType: 'Root' }),
      supportEvent({ readOnly: 'false' }),
      supportEvent({ bySourceIp: false }),
    ];
    const counts = section(renderMarkdown(resultFromEvents(events)), '## Counts');
    expect(counts).toMatch(/\| sourceIp \| 2 \| sourceIPAddress is support\.amazonaws\.com/);
    expect(counts).toMatch(
      /\| supportRole \| 2 \| the caller is the service-linked role AWSServiceRoleForSupport/,
    );
    expect(counts).toMatch(/\| invokedBy \| 2 \| userIdentity\.invokedBy is/);
    expect(counts).toContain('| **Support calls (any criterion)** | **3** |');
    expect(counts).toMatch(/\| Write \(non-read-only\) calls \| 1 \|/);
  });

  it('shows what the seed set does not measure as not measured, never as a number or null', () => {
    const markdown = renderMarkdown(seedResult());
    const counts = section(markdown, '## Counts');
    expect(counts).toMatch(/\| supportRole \| not measured by the seed query set \|/);
    expect(counts).toMatch(/\| invokedBy \| not measured by the seed query set \|/);
    expect(counts).toMatch(/\| Write \(non-read-only\) calls \| not measured by the seed query set \|/);
    expect(section(markdown, '## By account and region')).toContain('Not measured by the seed query set.');
    expect(section(markdown, '## Context (not counted as support calls)')).toContain(
      'supportauthz.amazonaws.com): not measured by the seed query set',
    );
    expect(section(markdown, '## Role ARNs and principal IDs of the support role')).toContain(
      '| not measured by the seed query set |',
    );
    expect(section(markdown, '## Support calls')).toContain('The seed query set lists no events');
    expect(markdown).not.toMatch(/\bnull\b|\bundefined\b|NaN/);
  });

  it("answers the article's five queries", () => {
    const answers = section(renderMarkdown(auditResult()), "## The article's five queries");
    expect(answers).toContain('### 1. Number of calls from support.amazonaws.com\n\n3\n');
    expect(answers).toContain('| 2025-01-03T09:30:00Z | GetRole |');
    expect(answers).toContain('| AWSServiceRoleForSupport | iam.amazonaws.com | 1 |');
    expect(answers).toContain(
      '| arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/support-session |',
    );
    expect(answers).toContain('| AROAEXAMPLEROLEID1234:support-session |');
  });

  it('lists the role ARNs and principal IDs with their counts', () => {
    const events = [
      supportEvent({ principalId: 'AROAEXAMPLE:one' }),
      supportEvent({ principalId: 'AROAEXAMPLE:one' }),
      supportEvent({ principalId: 'AROAEXAMPLE:two' }),
    ];
    const identities = section(
      renderMarkdown(resultFromEvents(events)),
      '## Role ARNs and principal IDs of the support role',
    );
    expect(identities).toContain('/support-session | 3 |');
    expect(identities).toContain('| AROAEXAMPLE:one | 2 |');
    expect(identities).toContain('| AROAEXAMPLE:two | 1 |');
  });

  it('gives the context lines apart from the support calls', () => {
    const context = section(
      renderMarkdown(
        auditResult({ context: { supportApiCalls: 4, supportAuthorizationEvents: 1, trailChanges: 0 } }),
      ),
      '## Context (not counted as support calls)',
    );
    expect(context).toContain('(eventSource support.amazonaws.com): 4');
    expect(context).toContain('(eventSource supportauthz.amazonaws.com): 1');
  });

  it('lists every support call with its criteria', () => {
    const events = [
      supportEvent({ eventName: 'GetRole', readOnly: 'true' }),
      supportEvent({
        identityType: 'Root',
        arn: null,
        principalId: '111122223333',
        bySupportRole: false,
        readOnly: 'false',
        eventName: 'PutBucketPolicy',
      }),
    ];
    const table = section(renderMarkdown(resultFromEvents(events)), '## Support calls');
    expect(table).toContain(
      '| 2025-01-03T10:15:00Z | 111122223333 | us-east-1 | ec2.amazonaws.com | GetRole | ' +
        'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/support-session | true | — | ' +
        'sourceIp, supportRole, invokedBy | — |',
    );
    expect(table).toContain('| PutBucketPolicy | Root 111122223333 | false | — | sourceIp, invokedBy | — |');
  });

  it('says when the window holds no support calls', () => {
    expect(section(renderMarkdown(resultFromEvents([])), '## Support calls')).toContain(
      'No support calls in the window.',
    );
  });
});

describe('renderMarkdown statistics', () => {
  it('estimates the cost per query and in total, with console links', () => {
    const result = auditResult(
      {},
      {
        region: 'eu-west-1',
        queries: [
          athenaQuery({ id: 'small', queryExecutionId: 'aaaa-1111', dataScannedBytes: 3 * BYTES_PER_MB + 1 }),
          athenaQuery({ id: 'large', queryExecutionId: 'bbbb-2222', dataScannedBytes: 25 * BYTES_PER_MB }),
        ],
      },
    );
    const statistics = section(renderMarkdown(result), '## Statistics');
    // 10 MB minimum for the small query, 25 MB for the large one: 35 MB at $5 per 2^40 bytes.
    const cost = (35 * BYTES_PER_MB * 5) / 2 ** 40;
    expect(statistics).toContain(`**$${cost.toFixed(6)}**`);
    expect(statistics).toContain(PRICE_LABEL);
    expect(statistics).toContain('| small | 3.00 MB | 10.00 MB |');
    expect(statistics).toContain(
      '[aaaa-1111](https://eu-west-1.console.aws.amazon.com/athena/home?region=eu-west-1#/query-editor/history/aaaa-1111)',
    );
    expect(statistics).toContain('/query-editor/history/bbbb-2222)');
  });

  it('marks a reused result and bills nothing for it', () => {
    const result = auditResult(
      {},
      { queries: [athenaQuery({ dataScannedBytes: 0, reusedPreviousResult: true })] },
    );
    const statistics = section(renderMarkdown(result), '## Statistics');
    expect(statistics).toContain('reused earlier result');
    expect(statistics).toContain('**$0.00**');
  });

  it('links no query id that is not shaped like one', () => {
    const result = auditResult(
      {},
      { queries: [athenaQuery({ queryExecutionId: 'x)(https://evil.example' })] },
    );
    expect(renderMarkdown(result)).not.toContain('console.aws.amazon.com');
  });

  it('shows neither cost nor links for the local engine', () => {
    const result = auditResult({}, { engine: 'local' });
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('Engine: local (DuckDB)');
    expect(section(markdown, '## Statistics')).toContain('| single-scan | 40 ms | 0 ms | 40 ms |');
    expect(markdown).not.toContain('console.aws.amazon.com');
    expect(markdown).not.toContain('$');
  });

  it('bills whole megabytes with a 10 MB minimum', () => {
    expect(billedBytes({ dataScannedBytes: 0, reusedPreviousResult: false })).toBe(10 * BYTES_PER_MB);
    expect(billedBytes({ dataScannedBytes: 10 * BYTES_PER_MB + 1, reusedPreviousResult: false })).toBe(
      11 * BYTES_PER_MB,
    );
    expect(billedBytes({ dataScannedBytes: 5 * BYTES_PER_MB, reusedPreviousResult: true })).toBe(0);
    expect(estimatedCostUsd(2 ** 40)).toBe(5);
  });
});

describe('escapeMarkdown', () => {
  it('escapes markup, neutralises mentions and HTML, and keeps text on one line', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('`x`')).toBe('\\`x\\`');
    expect(escapeMarkdown('*_[]!~$')).toBe('\\*\\_\\[\\]\\!\\~\\$');
    // Between letters or digits an underscore is never emphasis: names stay readable.
    expect(escapeMarkdown('cloudtrail_logs_pp _x_ a_ _b')).toBe('cloudtrail_logs_pp \\_x\\_ a\\_ \\_b');
    expect(escapeMarkdown('<b>&amp;')).toBe('&lt;b&gt;&amp;amp;');
    expect(escapeMarkdown('a\\b')).toBe('a\\\\b');
    expect(escapeMarkdown('one\r\ntwo\nthree\tfour')).toBe('one  two three four');
    expect(escapeMarkdown('@octocat')).toBe('@\u200Boctocat');
    expect(escapeMarkdown('owner/repo#1')).toBe('owner/repo\\#\u200B1');
    expect(escapeMarkdown('arn:aws:sts::111122223333:assumed-role/Role/s-1.x')).toBe(
      'arn:aws:sts::111122223333:assumed-role/Role/s-1.x',
    );
  });
});

describe('renderMarkdown with hostile log values', () => {
  const markdown = renderMarkdown(hostileResult(HOSTILE));

  it('never lets a value through raw', () => {
    expect(markdown).not.toContain('<script');
    expect(markdown).not.toContain('</script>');
    expect(markdown).not.toMatch(/@octocat/);
    expect(markdown).not.toContain('[link](javascript:');
    expect(markdown).not.toContain('![image]');
    expect(markdown).not.toContain('**bold**');
    expect(markdown).not.toContain('line one\n');
    expect(markdown).not.toContain('\r');
    // The report's own Mermaid fences are the only backticks; their labels are checked in markdown-charts.test.ts
    // (the trend's labels are the days of the history, which its contract holds to YYYY-MM-DD).
    const charts = /^```mermaid\n[^`]*\n```$/gm;
    expect(markdown.match(charts)).toHaveLength(3);
    expect(markdown.replace(charts, '')).not.toMatch(/(^|[^\\])`/);
    expect(markdown).not.toContain('&amp;amp;amp;');
  });

  it('gives GitHub no bare URL or GH- reference to link, in the report, the job summary or the comment', () => {
    for (const text of [
      markdown,
      fitJobSummary(hostileResult(HOSTILE), { fullReportPath: 'report.md' }),
      fitComment(hostileResult(HOSTILE), { fullReportPath: 'report.md' }),
    ]) {
      expect(text).not.toMatch(/https?:\/\/(evil|example)/);
      expect(text).not.toMatch(/\bwww\./i);
      expect(text).not.toMatch(/\bGH-\d/i);
      expect(text).toContain('fixes GH\u200B-42');
    }
  });

  it('keeps every table row to its columns', () => {
    const found = tables(markdown);
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const rows of found) {
      const columns = cellPipes(rows[0]!);
      for (const line of rows) expect(cellPipes(line), line).toBe(columns);
    }
    const events = tables(section(markdown, '## Support calls'))[0]!;
    expect(events).toHaveLength(2 + HOSTILE.length);
  });

  it('keeps each list item on its line', () => {
    const scope = section(markdown, '## Scope').trim().split('\n').slice(2);
    for (const line of scope) expect(line).toMatch(/^- [A-Z]/);
  });
});

describe('renderMarkdown size guard', () => {
  const events = manyEvents(20_000);
  const result = gated(resultFromEvents(events), { threshold: 100 });
  const fullReportPath = 'support-audit-report/report.md';

  it('is larger than the limits uncut, so the guard has work to do', () => {
    const full = renderMarkdown(result);
    expect(Buffer.byteLength(full)).toBeGreaterThan(JOB_SUMMARY_MAX_BYTES);
    expect(full).not.toContain('more rows in the full report');
  });

  it('fits the job summary and points to the full report', () => {
    const markdown = fitJobSummary(result, { fullReportPath });
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    // Most of the limit is used: the guard cuts tables, not the whole report.
    expect(Buffer.byteLength(markdown, 'utf8')).toBeGreaterThan(JOB_SUMMARY_MAX_BYTES * 0.9);
    expect(markdown).toContain(`more rows in the full report (${fullReportPath})`);
    expect(markdown).toContain('- ❌ 20,000 support calls: 19,900 over the threshold of 100');
    expect(markdown).toContain('| **Support calls (any criterion)** | **20,000** |');
    expect(markdown).toContain('## Statistics');
    expect(markdown).toContain(PRICE_LABEL);
  });

  it('fits a PR comment in characters', () => {
    const markdown = fitComment(result, { fullReportPath });
    expect(markdown.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS);
    expect(markdown).toContain(`more rows in the full report (${fullReportPath})`);
    expect(markdown).toContain('## Statistics');
    expect(fitComment(result, { reservedChars: 1000 }).length).toBeLessThanOrEqual(
      PR_COMMENT_MAX_CHARS - 1000,
    );
    expect(renderMarkdown(result, { maxChars: PR_COMMENT_MAX_CHARS }).length).toBeLessThanOrEqual(
      PR_COMMENT_MAX_CHARS,
    );
  });

  it('counts the rows it leaves out, and keeps the cut tables well formed', () => {
    const markdown = renderMarkdown(result, { maxBytes: 200_000, fullReportPath });
    const events = section(markdown, '## Support calls');
    const shown = tables(events)[0]!.length - 2;
    expect(shown).toBeGreaterThan(0);
    expect(events).toContain(
      `\n\n… ${(20_000 - shown).toLocaleString('en-US')} more rows in the full report (${fullReportPath})`,
    );
    for (const rows of tables(markdown)) {
      for (const line of rows) expect(cellPipes(line)).toBe(cellPipes(rows[0]!));
    }
  });

  it('leaves a report that fits untouched', () => {
    const small = auditResult();
    expect(renderMarkdown(small, { maxBytes: JOB_SUMMARY_MAX_BYTES })).toBe(renderMarkdown(small));
  });

  it('clips a huge value to one cell of bounded length', () => {
    const huge = 'A'.repeat(2_000_000);
    const markdown = renderMarkdown(resultFromEvents([supportEvent({ arn: huge, userAgent: huge })]));
    expect(markdown).toContain(`${'A'.repeat(MAX_CELL_CHARS - 1)}…`);
    expect(markdown).not.toContain('A'.repeat(MAX_CELL_CHARS));
    expect(Buffer.byteLength(markdown)).toBeLessThan(20_000);
  });

  it('stays within a limit that not even the fixed parts fit', () => {
    const accounts = Array.from({ length: 5_000 }, (_, i) => String(100000000000 + i));
    const crowded = auditResult({ table: { ...auditResult().table, accounts } });
    for (const maxBytes of [4_096, 300, 20, 1]) {
      const markdown = renderMarkdown(crowded, { maxBytes, fullReportPath });
      expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(maxBytes);
    }
    const markdown = renderMarkdown(crowded, { maxBytes: 4_096, fullReportPath });
    expect(markdown).toContain('# AWS Support activity in CloudTrail');
    expect(markdown).toContain(`the full report is ${fullReportPath}`);
  });
});

describe("the article's queries 4 and 5 in the job summary", () => {
  const first = 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/SupportSession-one';
  const second = 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/SupportSession-two';
  const result = resultFromEvents([
    ...Array.from({ length: 6 }, () => supportEvent({ arn: first, principalId: 'AROAEXAMPLE:one' })),
    ...Array.from({ length: 4 }, () => supportEvent({ arn: second, principalId: 'AROAEXAMPLE:two' })),
  ]);
  const section = (markdown: string, heading: string, next: string) =>
    markdown.slice(markdown.indexOf(heading), markdown.indexOf(next, markdown.indexOf(heading)));

  it('lists each distinct ARN and principal ID once, with how many rows of the answer hold it', () => {
    const summary = fitJobSummary(result, { fullReportPath: 'report.md' });
    const arns = section(summary, '### 4.', '### 5.');
    expect(arns.split(first)).toHaveLength(2);
    expect(arns).toContain(`| ${first} | 6 |`);
    expect(arns).toContain(`| ${second} | 4 |`);
    const ids = section(summary, '### 5.', '\n## ');
    expect(ids).toContain('| AROAEXAMPLE:one | 6 |');
    expect(ids).toContain('| AROAEXAMPLE:two | 4 |');
  });
});
