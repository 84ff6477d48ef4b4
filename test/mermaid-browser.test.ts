/**
 * The Mermaid charts of the job summary and report.md, drawn by Mermaid itself (the `mermaid` package, from
 * node_modules, in headless Chromium, with no network): each block must parse as the chart it says it is, and
 * the drawing must carry the chart's numbers: a bar per value at proportional heights, a slice and a legend
 * entry per label. GitHub draws the same text with its own copy of Mermaid.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitJobSummary, renderMarkdown } from '../src/report/markdown/index.js';
import { BROWSER_MISSING, launchChromium, watch, type PageWatch } from './helpers/browser.js';
import { LARGE, largeResult } from './helpers/large-result.js';
import { auditResult, resultFromEvents, supportEvent } from './helpers/result-factory.js';
import { skipSaying } from './helpers/skip.js';

const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

interface Drawn {
  readonly type: string;
  /** xychart: each bar's height in pixels; pie: none. */
  readonly bars: number[];
  /** xychart: the x-axis labels; pie: the legend entries. */
  readonly labels: string[];
  readonly slices: number;
  /** gantt: the bars and milestones drawn. */
  readonly tasks: number;
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1]!);
}

/** The values written in the text of a chart: the numbers of its `bar [...]` line or of its slices. */
function written(block: string): { labels: string[]; values: number[] } {
  const bar = /^ {4}bar \[(.*)\]$/m.exec(block);
  if (bar) {
    const axis = /^ {4}x-axis "[^"]*" \[(.*)\]$/m.exec(block)![1]!;
    return {
      labels: [...axis.matchAll(/"([^"]*)"/g)].map((m) => m[1]!),
      values: bar[1]!.split(', ').map(Number),
    };
  }
  const slices = [...block.matchAll(/^ {4}"([^"]*)" : (\d+)$/gm)];
  return { labels: slices.map((m) => `${m[1]} [${m[2]}]`), values: slices.map((m) => Number(m[2])) };
}

/**
 * Heights that are one straight function of the values, as bars from a common base are: Mermaid starts every
 * bar a few pixels below its axis, so a zero is a sliver and heights are proportional only above that base.
 */
function expectLinear(values: readonly number[], heights: readonly number[]): void {
  const low = values.indexOf(Math.min(...values));
  const high = values.indexOf(Math.max(...values));
  if (values[low] === values[high]) return;
  const slope = (heights[high]! - heights[low]!) / (values[high]! - values[low]!);
  expect(slope).toBeGreaterThan(0);
  values.forEach((value, i) =>
    expect(heights[i]!).toBeCloseTo(heights[low]! + slope * (value - values[low]!), 0),
  );
}

const IN_CHROMIUM = 'the Mermaid charts, drawn by Mermaid in headless Chromium';
describe.skipIf(skipSaying(IN_CHROMIUM, BROWSER_MISSING))(
  `${IN_CHROMIUM}${BROWSER_MISSING ? ` (skipped: ${BROWSER_MISSING})` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let seen: PageWatch;

    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
      seen = watch(page);
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ content: await readFile(MERMAID, 'utf8') });
      await page.evaluate(() => {
        (window as unknown as { mermaid: { initialize: (c: object) => void } }).mermaid.initialize({
          startOnLoad: false,
        });
      });
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function draw(block: string): Promise<Drawn> {
      return page.evaluate(async (text) => {
        const { mermaid } = window as unknown as {
          mermaid: {
            parse: (t: string) => Promise<{ diagramType: string }>;
            render: (id: string, t: string) => Promise<{ svg: string }>;
          };
        };
        const { diagramType } = await mermaid.parse(text);
        const { svg } = await mermaid.render(`chart${document.body.children.length}`, text);
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        document.body.appendChild(holder);
        const texts = (selector: string) =>
          [...holder.querySelectorAll(selector)].map((t) => t.textContent ?? '');
        return {
          type: diagramType,
          bars: [...holder.querySelectorAll('.bar-plot-0 rect')].map((r) => r.getBoundingClientRect().height),
          labels: diagramType === 'pie' ? texts('.legend text') : texts('.bottom-axis .label text'),
          slices: holder.querySelectorAll('path.pieCircle').length,
          tasks: holder.querySelectorAll('rect.task').length,
        };
      }, block);
    }

    /** Every chart of the document parses, and is drawn with the numbers its text holds. */
    async function expectDrawnAsWritten(markdown: string): Promise<Drawn[]> {
      const all = mermaidBlocks(markdown);
      // The timeline of cases, permits and sessions: every task it lists is drawn.
      for (const timeline of all.filter((block) => block.startsWith('gantt'))) {
        const chart = await draw(timeline);
        expect(chart.type).toBe('gantt');
        expect(chart.tasks).toBe(timeline.split('\n').filter((line) => /:.*\bt\d+, /.test(line)).length);
      }
      const blocks = all.filter((block) => !block.startsWith('gantt'));
      expect(blocks).toHaveLength(2);
      const drawn: Drawn[] = [];
      for (const block of blocks) {
        const chart = await draw(block);
        const { labels, values } = written(block);
        expect(chart.labels).toEqual(labels);
        if (chart.type === 'pie') {
          expect(chart.slices).toBe(values.length);
        } else {
          expect(chart.bars).toHaveLength(values.length);
          expectLinear(values, chart.bars);
        }
        drawn.push(chart);
      }
      expect(drawn.map((d) => d.type)).toEqual(['xychart', 'pie']);
      return drawn;
    }

    it('draws the two charts and the timeline of the sample report (the golden report.md)', async () => {
      const golden = await readFile(new URL('./golden/sample/report.md', import.meta.url), 'utf8');
      expect(mermaidBlocks(golden).filter((block) => block.startsWith('gantt'))).toHaveLength(1);
      const [overTime, bySource] = await expectDrawnAsWritten(golden);
      expect(overTime!.labels).toEqual(['11-02', '11-03', '11-04', '11-05', '11-06', '11-07', '11-08']);
      expect(bySource!.labels[0]).toBe('ec2.amazonaws.com [9]');
    });

    it(`draws the job summary of a ${LARGE.events.toLocaleString('en-US')}-call window, cut to GitHub's limit`, async () => {
      const summary = fitJobSummary(largeResult());
      expect(summary).toContain('more rows in the full report');
      const [overTime] = await expectDrawnAsWritten(summary);
      expect(overTime!.bars).toHaveLength(30);
    });

    it('draws a long window per week', async () => {
      const [overTime] = await expectDrawnAsWritten(
        renderMarkdown(
          auditResult({ window: { start: '2025-01-01', end: '2025-06-30', lateDeliveryDays: 1 } }),
        ),
      );
      expect(overTime!.bars).toHaveLength(26);
    });

    it('draws event sources chosen to break a chart as plain labels, one slice each', async () => {
      const sources = [
        'quote" : 99\n"x',
        '```\n<b>bold</b>',
        '#quot; #35;',
        '%% click x call y',
        'a\r\nb',
        '@x [l](u)',
      ];
      const markdown = renderMarkdown(
        resultFromEvents(sources.map((eventSource) => supportEvent({ eventSource }))),
      );
      const [, bySource] = await expectDrawnAsWritten(markdown);
      expect(bySource!.slices).toBe(sources.length);
      expect(seen.requests).toEqual([]);
      expect(seen.errors).toEqual([]);
    });

    it('draws the trend of the last audits as three lines over their windows', async () => {
      const [first] = auditResult().history;
      const history = [3, 5, 2].map((calls, i) => ({
        ...first!,
        window: { start: `2025-01-0${1 + i}`, end: `2025-01-1${i}` },
        supportCalls: calls,
        sessions: i + 1,
        unexplainedSessions: i,
      }));
      const trend = mermaidBlocks(renderMarkdown(auditResult({ history }))).find((block) =>
        block.includes(' line ['),
      )!;
      const drawn = await page.evaluate(async (text) => {
        const { mermaid } = window as unknown as {
          mermaid: {
            parse: (t: string) => Promise<{ diagramType: string }>;
            render: (id: string, t: string) => Promise<{ svg: string }>;
          };
        };
        const { diagramType } = await mermaid.parse(text);
        const { svg } = await mermaid.render('trend', text);
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        return {
          type: diagramType,
          lines: holder.querySelectorAll('[class^="line-plot-"] path').length,
          labels: [...holder.querySelectorAll('.bottom-axis .label text')].map((t) => t.textContent),
        };
      }, trend);
      expect(drawn).toEqual({
        type: 'xychart',
        lines: 3,
        labels: ['2025-01-10', '2025-01-11', '2025-01-12'],
      });
    });
  },
);
