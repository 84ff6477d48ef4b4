/**
 * The report's charts as plain SVG, drawn here rather than by a charting library in the page: they cost no
 * bytes of library, need no script to appear, print as vectors, and take their colours from the page's CSS, so
 * they follow the light and dark themes. Colours come from classes only: the page's Content-Security-Policy
 * allows no inline style attribute.
 */
import { number } from '../markdown/format.js';
import { escapeHtml } from './escape.js';

/** Width of a full-width chart in SVG units; the page scales it, so units are close to CSS pixels. */
const WIDTH = 960;

/** A ranked chart stands beside another, half the page wide. */
const HALF_WIDTH = 500;

/** Labels longer than this are cut with `…` in a ranked chart; the full text is in the bar's tooltip. */
const MAX_LABEL_CHARS = 34;

export interface Column {
  readonly label: string;
  /** The tooltip: what the column counts, in words. */
  readonly title: string;
  readonly value: number;
  /** The part of the value drawn in the highlight colour (write calls). */
  readonly highlighted: number;
}

export interface BarRow {
  /** The label as it comes; escaped and shortened here. */
  readonly label: string;
  readonly title: string;
  readonly value: number;
  /** A row that sums up the rest, drawn muted. */
  readonly rest?: boolean;
}

/** An axis top and step of 1, 2 or 5 times a power of ten, about four steps up to `max`. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!,
  );
  return { top: Math.ceil(max / step) * step, step };
}

function shortened(label: string): string {
  return label.length <= MAX_LABEL_CHARS ? label : `${label.slice(0, MAX_LABEL_CHARS - 1)}…`;
}

const round = (n: number) => Math.round(n * 10) / 10;

function svg(width: number, height: number, name: string, label: string, body: readonly string[]): string {
  return (
    `<svg class="chart" data-chart="${name}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="${escapeHtml(label)}" preserveAspectRatio="xMinYMin meet">${body.join('')}</svg>`
  );
}

/** Vertical columns over time, the highlighted part of each stacked on top of the rest. */
export function columnChart(name: string, label: string, columns: readonly Column[]): string {
  const height = 260;
  const [left, right, top, bottom] = [48, 12, 22, 34];
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const { top: axisTop, step } = niceScale(Math.max(0, ...columns.map((c) => c.value)));
  const y = (v: number) => round(top + plotHeight - (v / axisTop) * plotHeight);
  const band = plotWidth / Math.max(1, columns.length);
  const barWidth = round(Math.min(56, band * 0.72));
  const labelEvery = Math.ceil(columns.length / 16);
  const body: string[] = [];
  for (let tick = 0; tick <= axisTop; tick += step) {
    body.push(
      `<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${y(tick)}" y2="${y(tick)}"/>`,
      `<text class="tick" x="${left - 8}" y="${y(tick) + 4}" text-anchor="end">${number(tick)}</text>`,
    );
  }
  columns.forEach((column, i) => {
    const x = round(left + band * i + (band - barWidth) / 2);
    const centre = round(left + band * i + band / 2);
    const rest = column.value - column.highlighted;
    body.push(
      `<g class="column" data-label="${escapeHtml(column.label)}" data-value="${column.value}" ` +
        `data-highlighted="${column.highlighted}"><title>${escapeHtml(column.title)}</title>` +
        `<rect class="hit" x="${round(left + band * i)}" y="${top}" width="${round(band)}" height="${plotHeight}"/>`,
    );
    if (rest > 0) {
      body.push(
        `<rect class="bar" x="${x}" y="${y(rest)}" width="${barWidth}" height="${round(y(0) - y(rest))}"/>`,
      );
    }
    if (column.highlighted > 0) {
      body.push(
        `<rect class="bar highlight" x="${x}" y="${y(column.value)}" width="${barWidth}" ` +
          `height="${round(y(rest) - y(column.value))}"/>`,
      );
    }
    if (columns.length <= 31 && column.value > 0) {
      body.push(
        `<text class="value" x="${centre}" y="${y(column.value) - 5}" text-anchor="middle">${number(column.value)}</text>`,
      );
    }
    body.push('</g>');
    if (i % labelEvery === 0) {
      body.push(
        `<text class="tick" x="${centre}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(column.label)}</text>`,
      );
    }
  });
  body.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${y(0)}" y2="${y(0)}"/>`);
  return svg(WIDTH, height, name, label, body);
}

/** Horizontal bars, largest first, each with its label on the left and its value at its end. */
export function barChart(name: string, label: string, rows: readonly BarRow[]): string {
  const rowHeight = 24;
  const labelWidth = 220;
  const valueWidth = 56;
  const plotWidth = HALF_WIDTH - labelWidth - valueWidth;
  // The rest is summed from many entries: drawn as a bar it would dwarf the entries shown, so it is text only.
  const most = Math.max(1, ...rows.filter((r) => !r.rest).map((r) => r.value));
  const height = rows.length * rowHeight + 8;
  const body = rows.map((row, i) => {
    const middle = i * rowHeight + rowHeight / 2 + 4;
    const width = row.rest ? 0 : round(Math.max(row.value > 0 ? 2 : 0, (row.value / most) * plotWidth));
    return (
      `<g class="row${row.rest ? ' rest' : ''}" data-label="${escapeHtml(row.label)}" data-value="${row.value}">` +
      `<title>${escapeHtml(row.title)}</title>` +
      `<text class="label" x="${labelWidth - 10}" y="${middle + 4}" text-anchor="end">${escapeHtml(shortened(row.label))}</text>` +
      (row.rest
        ? ''
        : `<rect class="bar" x="${labelWidth}" y="${middle - 8}" width="${width}" height="16"/>`) +
      `<text class="value" x="${labelWidth + width + (row.rest ? 0 : 6)}" y="${middle + 4}">${number(row.value)}</text></g>`
    );
  });
  return svg(HALF_WIDTH, height, name, label, body);
}

export interface Line {
  readonly name: string;
  /** The class of its points: the page's CSS gives each its colour. */
  readonly kind: string;
  readonly values: readonly number[];
}

/**
 * Lines over a few labelled points (runs), each point a dot in its line's colour with its figure in a tooltip.
 * The lines themselves take the axis colour, set by class like everything else; `fill="none"` is an attribute,
 * which the Content-Security-Policy allows, unlike a style.
 */
export function lineChart(
  name: string,
  label: string,
  labels: readonly string[],
  lines: readonly Line[],
): string {
  const height = 240;
  // Room for half a date label either side of the first and last points.
  const [left, right, top, bottom] = [56, 40, 18, 34];
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const { top: axisTop, step } = niceScale(Math.max(0, ...lines.flatMap((l) => l.values)));
  const y = (v: number) => round(top + plotHeight - (v / axisTop) * plotHeight);
  const x = (i: number) =>
    round(left + (labels.length === 1 ? plotWidth / 2 : (plotWidth * i) / (labels.length - 1)));
  const labelEvery = Math.ceil(labels.length / 12);
  const body: string[] = [];
  for (let tick = 0; tick <= axisTop; tick += step) {
    body.push(
      `<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${y(tick)}" y2="${y(tick)}"/>`,
      `<text class="tick" x="${left - 8}" y="${y(tick) + 4}" text-anchor="end">${number(tick)}</text>`,
    );
  }
  labels.forEach((text, i) => {
    if (i % labelEvery === 0) {
      body.push(
        `<text class="tick" x="${x(i)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(text)}</text>`,
      );
    }
  });
  for (const line of lines) {
    const points = line.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
    body.push(
      `<g class="line" data-line="${escapeHtml(line.name)}" data-values="${line.values.join(',')}">`,
      `<polyline class="axis" fill="none" points="${points}"/>`,
      ...line.values.map(
        (v, i) =>
          `<circle class="${line.kind}" cx="${x(i)}" cy="${y(v)}" r="4"><title>${escapeHtml(
            `${labels[i]}: ${number(v)} ${line.name}`,
          )}</title></circle>`,
      ),
      '</g>',
    );
  }
  body.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${y(0)}" y2="${y(0)}"/>`);
  return svg(WIDTH, height, name, label, body);
}
