/**
 * report.html: the audit for people who would rather look than read, as one self-contained file for artifacts
 * and local runs. Everything is inline: the charts are SVG drawn here, the one style sheet and the one script
 * are in the page, and its Content-Security-Policy allows only those two (by hash), so the page cannot make a
 * network request of any kind, even if a value from the logs got through the escaping.
 */
import { createHash } from 'node:crypto';
import type { AuditResult } from '../../core/result.js';
import { VERSION } from '../../core/version.js';
import { plural } from '../markdown/format.js';
import { counts, scope, statistics } from './about.js';
import { charts } from './charts.js';
import { escapeHtml } from './escape.js';
import { eventsSection } from './events.js';
import { explanationSection } from './explanation.js';
import { headline } from './headline.js';
import { sinceSection } from './since.js';
import { coverageSection } from './heatmap.js';
import { PAGE_SCRIPT } from './script.js';
import { PAGE_STYLE } from './style.js';
import { articleAnswers, trailChanges, unreadableFiles } from './tables.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** No source but the page's own style sheet and script, by hash: no fetch, image, font, frame or form target. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(PAGE_STYLE)}`,
  `script-src ${sha256(PAGE_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const CONTENTS: ReadonlyArray<readonly [string, string]> = [
  ['activity', 'Charts'],
  ['coverage', 'Coverage'],
  ['sessions', 'Sessions'],
  ['events', 'Support calls'],
  ['article', 'Article’s queries'],
  ['counts', 'Counts'],
  ['trail-changes', 'Trail changes'],
  ['unreadable', 'Unreadable files'],
  ['scope', 'Scope'],
];

function header(result: AuditResult): string {
  const { window, table, scope } = result;
  const accounts = new Set(result.coverage?.cells.map((c) => c.account) ?? table.accounts).size;
  const regions = new Set(result.coverage?.cells.map((c) => c.region) ?? table.regions).size;
  const meta =
    `Window ${window.start} to ${window.end} (UTC) · ${plural(accounts, 'account')} · ${plural(regions, 'region')} · ` +
    `${scope.engine}, ${result.querySet} · generated ${result.generatedAt}`;
  return (
    '<header><p class="kicker">support-audit · AWS Support API calls from CloudTrail</p>' +
    `<h1>${escapeHtml(scope.title)}${scope.sample === null ? '' : ' (synthetic sample)'}</h1>` +
    `<p class="meta">${escapeHtml(meta)}</p></header>`
  );
}

export function renderHtml(result: AuditResult): string {
  const since = sinceSection(result);
  const contents: ReadonlyArray<readonly [string, string]> =
    since === '' ? CONTENTS : [CONTENTS[0]!, ['since', 'Since the last audit'], ...CONTENTS.slice(1)];
  const toc = contents.map(([id, name]) => `<a href="#${id}">${name}</a>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>AWS Support activity ${escapeHtml(`${result.window.start} to ${result.window.end}`)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    header(result),
    headline(result),
    `<nav class="toc" aria-label="Contents">${toc}</nav>`,
    charts(result),
    ...(since === '' ? [] : [since]),
    coverageSection(result),
    explanationSection(result),
    eventsSection(result),
    articleAnswers(result),
    counts(result),
    trailChanges(result),
    unreadableFiles(result),
    scope(result),
    statistics(result),
    `<footer>Written by support-audit ${VERSION}. This page is self-contained: it loads nothing and sends nothing. ` +
      'The evidence files beside it: summary.json (every figure), events.json and events.csv (every call), report.md.</footer>',
    '</main>',
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
