/**
 * report.html as a person sees it, in headless Chromium: the sample as `npm start` writes it, and a 20,000-call
 * window. The page must make no request but for its own file and log no error (a Content-Security-Policy
 * violation is one); the headline, the charts and the heat map must show the figures of the evidence files;
 * the events table must filter and sort. Screenshots go to support-audit-test-output/report-html/ in the
 * system's temporary folder, for a person to look at.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, SupportEvent } from '../src/core/result.js';
import { renderHtml } from '../src/report/html/index.js';
import { BROWSER_MISSING, launchChromium, SCREENSHOTS, watch, type PageWatch } from './helpers/browser.js';
import { runCliInProcess } from './helpers/cli-in-process.js';
import { LARGE, largeResult } from './helpers/large-result.js';
import { auditResult } from './helpers/result-factory.js';
import { skipSaying } from './helpers/skip.js';
import { readSummary } from './helpers/summary-schema.js';

const IN_CI = 'has Chromium in CI, where .ci/run installs it';
it.skipIf(skipSaying(IN_CI, process.env.CI === 'true' ? undefined : 'runs in CI only (CI=true)'))(
  IN_CI,
  () => {
    expect(BROWSER_MISSING).toBeUndefined();
  },
);

/** How many of `items` fall under each key, in order of first appearance. */
function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

interface Opened {
  readonly page: Page;
  readonly seen: PageWatch;
  readonly url: string;
}

async function open(
  browser: Browser,
  file: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const seen = watch(page);
  const url = pathToFileURL(file).href;
  await page.goto(url);
  return { page, seen, url };
}

/** The columns of the chart over time, as drawn: the label, the value written on it, and its height in pixels. */
async function columns(page: Page) {
  return page.$$eval('[data-chart="calls-over-time"] .column', (groups) =>
    groups.map((g) => ({
      label: g.getAttribute('data-label'),
      value: Number(g.getAttribute('data-value')),
      height: [...g.querySelectorAll('rect.bar')].reduce(
        (sum, r) => sum + r.getBoundingClientRect().height,
        0,
      ),
    })),
  );
}

/** The bars of a ranked chart, as the text beside each reads. */
async function bars(page: Page, chart: string) {
  return page.$$eval(`[data-chart="${chart}"] .row`, (rows) =>
    rows.map((row) => [row.getAttribute('data-label'), row.querySelector('text.value')!.textContent]),
  );
}

async function visibleRows(page: Page): Promise<string[][]> {
  return page.$$eval('#events-table tbody tr', (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
  );
}

/** Drawn heights proportional to the values: the same pixels per call in every column, to a pixel. */
function expectProportional(drawn: ReadonlyArray<{ value: number; height: number }>): void {
  const tallest = drawn.reduce((a, b) => (b.value > a.value ? b : a));
  for (const { value, height } of drawn)
    expect(height).toBeCloseTo((value / tallest.value) * tallest.height, 0);
}

/**
 * How the page lies out at its current width: how far the document is wider than the window, what sticks out
 * of the content column (outside a horizontal scroller, which may), and each line break inside an ARN, path or
 * identifier, as the character a line ends on.
 */
async function layout(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector('main')!;
    const column = main.getBoundingClientRect();
    const inScroller = (element: Element) => {
      for (let e = element.parentElement; e !== null && e !== main; e = e.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return true;
      }
      return false;
    };
    const outside = [...main.querySelectorAll('*')]
      .filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && (box.right > column.right + 0.5 || box.left < column.left - 0.5);
      })
      // A chart's text is clipped to its SVG, which cannot widen the page.
      .filter((e) => !inScroller(e) && e.closest('svg') === null)
      .map((e) => `${e.tagName.toLowerCase()}: ${(e.textContent ?? '').slice(0, 60)}`);
    const lineEnds: string[] = [];
    for (const element of document.querySelectorAll(
      '.mono, #events-table td:nth-child(6), [data-complete] li',
    )) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let previous: { top: number; char: string } | undefined;
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) continue;
          if (
            previous !== undefined &&
            box.top > previous.top + 1 &&
            text[i] !== ' ' &&
            previous.char !== ' '
          ) {
            lineEnds.push(
              `${previous.char} in ${text.slice(Math.max(0, i - 20), i)}|${text.slice(i, i + 20)}`,
            );
          }
          previous = { top: box.top, char: text[i]! };
        }
      }
    }
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      outside,
      lineEnds,
    };
  });
}

const IN_CHROMIUM = 'report.html in headless Chromium';
describe.skipIf(skipSaying(IN_CHROMIUM, BROWSER_MISSING))(
  `${IN_CHROMIUM}${BROWSER_MISSING ? ` (skipped: ${BROWSER_MISSING})` : ''}`,
  () => {
    let browser: Browser;
    let work: string;

    beforeAll(async () => {
      browser = await launchChromium();
      work = await mkdtemp(path.join(os.tmpdir(), 'support-audit-html-'));
    });

    afterAll(async () => {
      await browser?.close();
    });

    describe('of the sample, as npm start writes it', () => {
      let events: SupportEvent[];
      let summary: AuditResult;
      let sample: Opened;
      let out: string;

      beforeAll(async () => {
        out = path.join(work, 'sample');
        expect((await runCliInProcess(['--out', out])).code).toBe(0);
        events = (
          JSON.parse(await readFile(path.join(out, 'events.json'), 'utf8')) as { events: SupportEvent[] }
        ).events;
        summary = (await readSummary(path.join(out, 'summary.json'))) as unknown as AuditResult;
        sample = await open(browser, path.join(out, 'report.html'));
      });

      it('makes no request but for its own file, and logs no error', () => {
        expect(sample.seen.requests).toEqual([sample.url]);
        expect(sample.seen.errors).toEqual([]);
      });

      it('shows the verdict, why the audit is incomplete, and the headline figures', async () => {
        const { page } = sample;
        // Regression: an incomplete audit showed a green "Pass" beside its "Incomplete" banner. The sample's
        // unreadable file fails require-complete, which is on by default.
        await expect(page.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('failed');
        await expect(page.locator('.verdict .badge').innerText()).resolves.toMatch(/^fail$/i);
        await expect(page.locator('[data-complete]').innerText()).resolves.toContain(
          '1 log file could not be read',
        );
        const figure = (name: string) => page.locator(`[data-figure="${name}"] .amount`).innerText();
        await expect(figure('support-calls')).resolves.toBe(String(summary.totals.supportCalls));
        await expect(figure('write-calls')).resolves.toBe(String(summary.totals.writeCalls));
        await expect(figure('trail-changes')).resolves.toBe(String(summary.trailChanges!.length));
        // Regression: the page counted the window's days alone, report.md every day read.
        const records = summary.coverage!.read.records;
        await expect(figure('records')).resolves.toBe(records.toLocaleString('en-US'));
        expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(
          `Read ${records.toLocaleString('en-US')} records`,
        );
      });

      it('charts the calls of each day, each event source and each account and region', async () => {
        const { page } = sample;
        const perDay = tally(events, (e) => e.eventTime!.slice(5, 10));
        const drawn = await columns(page);
        expect(drawn.map((c) => c.label)).toEqual([
          '11-02',
          '11-03',
          '11-04',
          '11-05',
          '11-06',
          '11-07',
          '11-08',
        ]);
        expect(drawn.map((c) => c.value)).toEqual(drawn.map((c) => perDay.get(c.label!) ?? 0));
        expectProportional(drawn);
        const bySource = [...tally(events, (e) => e.eventSource!)].sort((a, b) => b[1] - a[1]);
        expect(await bars(page, 'calls-by-source')).toEqual(
          expect.arrayContaining(bySource.map(([source, count]) => [source, String(count)])),
        );
        expect(await bars(page, 'calls-by-place')).toEqual(
          summary.byAccountAndRegion.map((r) => [`${r.account} · ${r.region}`, String(r.count)]),
        );
      });

      it('shows the records of each account and region in the heat map, and regions not audited as such', async () => {
        const { page } = sample;
        const inWindow = summary.coverage!.cells.filter(
          (c) => c.day >= summary.window.start && c.day <= summary.window.end,
        );
        const expected = tally(
          inWindow.flatMap((c) => Array<string>(c.records).fill(`${c.account} ${c.region}`)),
          (key) => key,
        );
        const cells = await page.$$eval('[data-heatmap="accounts-regions"] td[data-records]', (tds) =>
          tds.map((td) => [`${td.dataset.account} ${td.dataset.region}`, td.firstChild!.textContent]),
        );
        expect(cells.length).toBe(expected.size);
        for (const [place, shown] of cells)
          expect(shown, place!).toBe(expected.get(place!)!.toLocaleString('en-US'));
        await expect(page.locator('[data-heatmap="accounts-regions"] td.na').count()).resolves.toBe(4);
      });

      it('filters the events on typed text and sorts them by a clicked column, both ways', async () => {
        const { page } = sample;
        await page.fill('#filter', 'IAM.amazonaws');
        const iam = events.filter((e) => e.eventSource === 'iam.amazonaws.com');
        const filtered = await visibleRows(page);
        expect(filtered).toHaveLength(iam.length);
        for (const row of filtered) expect(row[3]).toBe('iam.amazonaws.com');
        await expect(page.locator('#showing').innerText()).resolves.toBe(
          `Showing 1–${iam.length} of ${iam.length} (filtered; ${events.length} in all)`,
        );
        await page.fill('#filter', '');
        const names = events.map((e) => e.eventName!);
        const byName = page.locator('#events-table th', { hasText: 'Event name' });
        await byName.locator('button').click();
        expect((await visibleRows(page)).map((row) => row[4])).toEqual([...names].sort());
        await expect(byName.getAttribute('aria-sort')).resolves.toBe('ascending');
        await byName.locator('button').click();
        expect((await visibleRows(page)).map((row) => row[4])).toEqual([...names].sort().reverse());
        await expect(byName.getAttribute('aria-sort')).resolves.toBe('descending');
      });

      it('is screenshotted in the light and dark themes and as printed', async () => {
        const { page } = sample;
        await page.screenshot({ path: path.join(SCREENSHOTS, 'sample-light.png'), fullPage: true });
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'sample-dark.png'), fullPage: true });
        await page.emulateMedia({ media: 'print', colorScheme: 'light' });
        await expect(page.locator('.controls').isVisible()).resolves.toBe(false);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'sample-print.png'), fullPage: true });
        expect(sample.seen.errors).toEqual([]);
      });

      it.each([
        ['on a 360 px wide phone', 360, 'screen'],
        ['printed on A4 (718 px between the margins)', 718, 'print'],
      ] as const)(
        'is read without sideways scrolling %s, ARNs and paths wrapping between their parts',
        async (_, width, media) => {
          const page = await browser.newPage({ viewport: { width, height: 800 } });
          try {
            await page.emulateMedia({ media });
            await page.goto(sample.url);
            const { overflow, outside, lineEnds } = await layout(page);
            expect(overflow).toBeLessThanOrEqual(0);
            expect(outside).toEqual([]);
            // The sample's ARNs and the unreadable file's path are longer than a narrow line: they do wrap.
            expect(lineEnds.length).toBeGreaterThan(0);
            expect(lineEnds.filter((end) => !['/', ':', '_', '.', '-'].includes(end[0]!))).toEqual([]);
            await page.screenshot({
              path: path.join(SCREENSHOTS, `sample-${width}-${media}.png`),
              fullPage: true,
            });
          } finally {
            await page.close();
          }
        },
      );
    });

    describe(`of a window of ${LARGE.events.toLocaleString('en-US')} calls with gaps and a failed gate`, () => {
      let result: AuditResult;
      let large: Opened;

      beforeAll(async () => {
        result = largeResult();
        const file = path.join(work, 'large.html');
        await writeFile(file, renderHtml(result));
        large = await open(browser, file);
      });

      it('makes no request but for its own file, and logs no error', () => {
        expect(large.seen.requests).toEqual([large.url]);
        expect(large.seen.errors).toEqual([]);
      });

      it('fails its gate on all three counts, and says the audit is incomplete', async () => {
        const { page } = large;
        await expect(page.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe('failed');
        await expect(page.locator('.checks li.failed').allInnerTexts()).resolves.toEqual([
          '✗ 20,000 support calls: 10,000 over the threshold of 10,000',
          `✗ ${result.totals.writeCalls!.toLocaleString('en-US')} write (non-read-only) support calls; fail-on-write-calls is on`,
          `✗ the audit is incomplete: no logs in the window for account ${LARGE.silentAccount} and 1 more reason; require-complete is on`,
        ]);
        await expect(page.locator('[data-complete]').getAttribute('data-complete')).resolves.toBe('false');
      });

      it('charts every day of the window with its calls and write calls', async () => {
        const perDay = tally(result.events, (e) => e.eventTime!.slice(5, 10));
        const drawn = await columns(large.page);
        expect(drawn).toHaveLength(30);
        expect(drawn.map((c) => c.value)).toEqual(drawn.map((c) => perDay.get(c.label!) ?? 0));
        expect(drawn.reduce((sum, c) => sum + c.value, 0)).toBe(LARGE.events);
        expectProportional(drawn);
      });

      it('marks the gaps in the heat maps: a silent account, missing days, an idle and an unaudited region', async () => {
        const { page } = large;
        const matrixCell = (account: string, region: string) =>
          page.locator(
            `[data-heatmap="accounts-regions"] td[data-account="${account}"][data-region="${region}"]`,
          );
        for (const region of LARGE.regions) {
          await expect(matrixCell(LARGE.silentAccount, region).getAttribute('class')).resolves.toBe('gap');
        }
        await expect(matrixCell(LARGE.idleAccount, LARGE.idleRegion).innerText()).resolves.toMatch(
          /^no logs/,
        );
        await expect(matrixCell(LARGE.partialAccount, LARGE.unauditedRegion).count()).resolves.toBe(0);
        const dayRow = (account: string, region: string) =>
          page.locator('[data-heatmap="days"] tr', { hasText: `${account} · ${region}` }).locator('td');
        const gapRow = await dayRow(LARGE.gapAccount, 'us-east-1').evaluateAll((tds) =>
          tds.map((td) => td.className),
        );
        expect(gapRow.map((c, i) => (c === 'gap' ? i + 1 : 0)).filter(Boolean)).toEqual([12, 13, 14]);
        const idleRow = await dayRow(LARGE.idleAccount, LARGE.idleRegion).evaluateAll((tds) =>
          tds.map((td) => td.className),
        );
        expect(new Set(idleRow)).toEqual(new Set(['idle']));
        await page.locator('#coverage').scrollIntoViewIfNeeded();
        await page
          .locator('section', { has: page.locator('#coverage') })
          .screenshot({ path: path.join(SCREENSHOTS, 'large-coverage.png') });
      });

      it('pages, filters and sorts 20,000 events', async () => {
        const { page } = large;
        expect(await visibleRows(page)).toHaveLength(100);
        await page.click('#next-page');
        await expect(page.locator('#showing').innerText()).resolves.toBe('Showing 101–200 of 20,000');
        await page.fill('#filter', 'DeleteRole');
        const writes = result.totals.writeCalls!;
        await expect(page.locator('#showing').innerText()).resolves.toBe(
          `Showing 1–100 of ${writes} (filtered; 20,000 in all)`,
        );
        await page.selectOption('#page-size', '0');
        expect(await visibleRows(page)).toHaveLength(writes);
        await page.locator('#events-table th', { hasText: 'Account' }).locator('button').click();
        const accounts = (await visibleRows(page)).map((row) => row[1]);
        expect(accounts).toEqual([...accounts].sort());
        expect(large.seen.errors).toEqual([]);
      });

      it('is screenshotted from the headline to the charts, in both themes', async () => {
        const { page } = large;
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(SCREENSHOTS, 'large-light.png') });
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'large-dark.png') });
        expect(large.seen.errors).toEqual([]);
      });
    });

    describe('with a baseline', () => {
      it('draws the trend: a point per run on each line, at heights that follow the figures', async () => {
        const [run] = auditResult().history;
        const history = [4, 9, 1].map((supportCalls, i) => ({
          ...run!,
          window: { start: `2025-01-0${1 + i}`, end: `2025-01-1${i}` },
          supportCalls,
          sessions: 2,
          unexplainedSessions: i,
        }));
        const file = path.join(work, 'trend.html');
        await writeFile(file, renderHtml(auditResult({ history })));
        const { page, seen } = await open(browser, file);
        const lines = await page.$$eval('[data-chart="trend"] .line', (groups) =>
          groups.map((g) => ({
            name: g.getAttribute('data-line'),
            tops: [...g.querySelectorAll('circle')].map((c) => Math.round(c.getBoundingClientRect().top)),
          })),
        );
        expect(lines.map((l) => [l.name, l.tops.length])).toEqual([
          ['support calls', 3],
          ['sessions', 3],
          ['unexplained sessions', 3],
        ]);
        const [calls] = lines;
        // 9 calls is drawn highest, 1 lowest (a smaller top is higher on the page).
        expect(calls!.tops[1]).toBeLessThan(calls!.tops[0]!);
        expect(calls!.tops[0]).toBeLessThan(calls!.tops[2]!);
        expect(await page.locator('nav.toc a[href="#since"]').count()).toBe(1);
        await page.locator('#since').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SCREENSHOTS, 'trend.png') });
        expect(seen.errors).toEqual([]);
      });
    });
  },
);
