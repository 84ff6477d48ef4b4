/**
 * report.html as text: one self-contained page that can reach nothing, in which no value from the logs can
 * become markup or end the script element holding the events, small enough to mail. How it looks and works
 * in a browser is report-html-browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html/index.js';
import { MAX_CELL_CHARS } from '../src/report/markdown/index.js';
import { hostileResult } from './helpers/hostile-result.js';
import { auditResult, resultFromEvents, seedResult, supportEvent } from './helpers/result-factory.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '</script><script>alert(2)</script>',
  '<!-- <script>',
  '" onmouseover="alert(3)" x="',
  "' onfocus='alert(4)",
  '<img src=https://attacker.example/x.png>',
  'javascript:alert(5)',
  '&lt;already escaped&gt; &amp;',
  '\u2028line\u2029separators',
];

/** The text between the opening tag matched by `open` and the next `</tag>`. */
function elementText(html: string, open: RegExp, tag: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(new RegExp(`${open.source}([\\s\\S]*?)</${tag}>`, 'g')))
    found.push(match[1]!);
  return found;
}

const TAG = /<\/?([a-z][a-z0-9]*)((?:\s+[A-Za-z][A-Za-z0-9-]*(?:="[^"<]*")?)*)\s*\/?>/y;

/**
 * Every tag of the markup, read at each `<`: a `<` that does not open a well-formed tag is an error. The page's
 * own script and the JSON beside it are left out: they are text to the HTML parser.
 */
function tags(html: string): Array<{ name: string; attributes: string[] }> {
  const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
  const found: Array<{ name: string; attributes: string[] }> = [];
  for (let at = markup.indexOf('<'); at >= 0; at = markup.indexOf('<', at + 1)) {
    if (markup.startsWith('<!doctype html>', at)) continue;
    TAG.lastIndex = at;
    const match = TAG.exec(markup);
    expect(match, `a stray < at ${markup.slice(at, at + 60)}`).not.toBeNull();
    const attributes = [...match![2]!.matchAll(/\s+([A-Za-z][A-Za-z0-9-]*)(?:="[^"<]*")?/g)].map(
      (m) => m[1]!,
    );
    found.push({ name: match![1]!, attributes });
  }
  return found;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('report.html', () => {
  const html = renderHtml(auditResult());

  it('loads nothing from anywhere: no link, image, frame, font, import or address but its own anchors', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base|form)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#[a-z-]+$/);
  });

  it('allows by its Content-Security-Policy only its own style sheet and script, by their hashes', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const styles = elementText(html, /<style>/, 'style');
    const scripts = elementText(html, /<script>/, 'script');
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      `style-src ${sha256(styles[0]!)}`,
      `script-src ${sha256(scripts[0]!)}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('uses no inline style attribute or event handler, which the policy would refuse', () => {
    const attributes = tags(html).flatMap((t) => t.attributes);
    expect(attributes).not.toContain('style');
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
  });
});

describe('report.html with hostile log values', () => {
  const html = renderHtml(hostileResult(HOSTILE));
  const markup = html.replace(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/, '');

  it('lets no value become an element or an attribute', () => {
    const found = tags(html);
    expect(found.filter((t) => t.name === 'script')).toHaveLength(4);
    expect(found.map((t) => t.name)).not.toContain('img');
    expect(found.flatMap((t) => t.attributes).filter((a) => a.startsWith('on'))).toEqual([]);
    expect(markup).not.toMatch(/<!--/);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('&quot; onmouseover=&quot;alert(3)&quot; x=&quot;');
    expect(markup).toContain('&amp;lt;already escaped&amp;gt; &amp;amp;');
  });

  it('keeps the events inside their script element, and gives them back whole when parsed', () => {
    const [data] = elementText(html, /<script type="application\/json" id="events-data">/, 'script');
    expect(data).not.toMatch(/[<>&\u2028\u2029]/);
    const parsed = JSON.parse(data!) as { strings: string[]; rows: number[][] };
    for (const value of HOSTILE) expect(parsed.strings).toContain(value);
    expect(parsed.rows).toHaveLength(HOSTILE.length);
  });
});

describe('report.html sizes', () => {
  const events = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      supportEvent({
        eventTime: `2025-01-0${1 + (i % 7)}T${String(i % 24).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}Z`,
        eventSource: `service${i % 40}.amazonaws.com`,
        recipientAccountId: String(100000000000 + (i % 50)),
        arn: `arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/SupportSession-${i}`,
        principalId: `AROAEXAMPLEROLEID1234:SupportSession-${i}`,
      }),
    );

  it('stays under 1 MB for 1,000 events, each with its own session', () => {
    const bytes = Buffer.byteLength(renderHtml(resultFromEvents(events(1_000))));
    expect(bytes).toBeLessThan(1024 * 1024);
  });

  it('cuts a huge value to the report cell limit, as report.md does; the JSON and CSV keep it whole', () => {
    const huge = 'A'.repeat(2_000_000);
    const html = renderHtml(resultFromEvents([supportEvent({ arn: huge })]));
    expect(html).toContain(`${'A'.repeat(MAX_CELL_CHARS - 1)}…`);
    expect(html).not.toContain('A'.repeat(MAX_CELL_CHARS));
  });
});

describe('report.html without events to chart', () => {
  it('says the seed query set lists none, and that coverage was not measured', () => {
    const html = renderHtml(seedResult());
    expect(html).not.toContain('<svg');
    expect(html).toContain('The seed query set lists no events, so there is nothing to chart');
    expect(html).toContain('Not measured by the seed query set.');
    expect(html).toContain('data-verdict="incomplete"');
  });

  it('says when the window holds no support call', () => {
    const html = renderHtml(resultFromEvents([]));
    expect(html).not.toContain('<svg');
    expect(html).toContain('No support calls in the window: nothing to chart.');
    expect(html).toContain('data-verdict="passed"');
  });
});

describe("report.html's queries 4 and 5", () => {
  it('lists each distinct ARN once, with how many rows of the answer hold it', () => {
    const arn = 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/SupportSession-one';
    const html = renderHtml(resultFromEvents(Array.from({ length: 6 }, () => supportEvent({ arn }))));
    const answer = html
      .slice(html.indexOf('data-answer="4"'), html.indexOf('data-answer="5"'))
      .replaceAll('<wbr>', '');
    expect(answer.split(arn)).toHaveLength(2);
    expect(answer).toMatch(new RegExp(`${arn}</span></td><td class="num">6</td>`));
  });
});
