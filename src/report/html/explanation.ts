/**
 * The explanation in report.html: a timeline of cases, permits and sessions drawn as SVG (bars for cases and
 * permits while open or allowed, marks for sessions, unexplained ones in the failure colour), then the sessions,
 * cases and permits as tables. Every value from the logs is escaped.
 */
import type { AuditResult } from '../../core/result.js';
import { number, plural } from '../markdown/format.js';
import { timelineOf, type Timeline } from '../timeline.js';
import { escapeHtml, value } from './escape.js';
import { table } from './tables.js';

const WIDTH = 960;
const LABEL = 200;
const ROW = 20;

const RULE_WORDS = {
  case: 'case',
  'case-grace': 'case, grace period',
  permit: 'permit',
  none: 'unexplained',
};

const round = (n: number) => Math.round(n * 10) / 10;

function timelineSvg(timeline: Timeline): string {
  const start = Date.parse(timeline.start);
  const span = Math.max(1, Date.parse(timeline.end) - start);
  const plot = WIDTH - LABEL - 12;
  const x = (iso: string) => round(LABEL + ((Date.parse(iso) - start) / span) * plot);
  const days = Math.round(span / 86_400_000);
  const body: string[] = [];
  for (let d = 0; d <= days; d += Math.max(1, Math.ceil(days / 14))) {
    const at = round(LABEL + (d / days) * plot);
    const label = new Date(start + d * 86_400_000).toISOString().slice(5, 10);
    body.push(
      `<line class="grid" x1="${at}" x2="${at}" y1="0" y2="${timeline.bars.length * ROW}"/>`,
      `<text class="tick" x="${at}" y="${timeline.bars.length * ROW + 14}" text-anchor="middle">${label}</text>`,
    );
  }
  timeline.bars.forEach((bar, i) => {
    const y = i * ROW;
    const from = x(bar.from);
    const width = Math.max(3, round(x(bar.until) - from));
    const shape =
      bar.kind === 'case' || bar.kind === 'permit'
        ? `<rect class="tl-${bar.kind}" x="${from}" y="${y + 4}" width="${width}" height="${ROW - 8}"/>`
        : `<rect class="tl-${bar.kind}" x="${round(from - 3)}" y="${y + 3}" width="6" height="${ROW - 6}"/>`;
    body.push(
      `<g class="tl-row" data-kind="${bar.kind}"><title>${escapeHtml(`${bar.label}: ${bar.from} to ${bar.until}`)}</title>` +
        `<text class="label" x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(bar.label.slice(0, 30))}</text>${shape}</g>`,
    );
  });
  const height = timeline.bars.length * ROW + 20;
  return (
    `<svg class="chart" data-chart="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" ` +
    `aria-label="Cases, permits and support sessions over the window" preserveAspectRatio="xMinYMin meet">${body.join('')}</svg>`
  );
}

function sessionsTable(result: AuditResult): string {
  const rows = result.sessions!.map((s) => [
    value(s.id),
    `${value(s.firstCall)} to ${value(s.lastCall)}`,
    value(s.account),
    number(s.calls),
    number(s.writeCalls),
    value(s.services.join(', ')),
    `<span class="rule-${s.explanation.rule}">${RULE_WORDS[s.explanation.rule]}</span>: ${value(s.explanation.reason)}`,
  ]);
  return table(
    'sessions',
    ['Session', 'When (UTC)', 'Account', 'Calls', 'Writes', 'Services', 'Explanation'],
    rows,
    ['nowrap', 'nowrap', 'nowrap', 'num', 'num'],
  );
}

function casesTable(result: AuditResult): string {
  if (result.cases!.length === 0) return '<p>No support case read.</p>';
  const withSubject = result.cases!.some((c) => c.subject !== null);
  const rows = result.cases!.map((c) => [
    value(c.caseId),
    value(c.displayId),
    value(c.account),
    value(c.openedAt),
    c.resolvedAt.length === 0 ? value(null) : value(c.resolvedAt.join(', ')),
    number(c.communications),
    value(c.sources.join(', ')),
    ...(withSubject ? [value(c.subject)] : []),
  ]);
  const head = ['Case', 'Display id', 'Account', 'Opened', 'Resolved', 'Messages', 'Read from'];
  return table('cases', withSubject ? [...head, 'Subject'] : head, rows, [
    undefined,
    undefined,
    'nowrap',
    'nowrap',
    'nowrap',
    'num',
  ]);
}

function permitsTable(result: AuditResult): string {
  if (result.permits!.length === 0) return '<p>No support permit read.</p>';
  const rows = result.permits!.map((p) => [
    value(p.name ?? p.arn),
    value(p.account),
    value(p.region),
    value(p.createdAt),
    value(p.allowAfter),
    value(p.allowBefore),
    p.actions === null ? 'not recorded' : value(p.actions.join(', ')),
    value(p.caseDisplayId),
    value(p.deletedAt),
  ]);
  return table(
    'permits',
    ['Permit', 'Account', 'Region', 'Created', 'Allow after', 'Allow before', 'Actions', 'Case', 'Deleted'],
    rows,
  );
}

export function explanationSection(result: AuditResult): string {
  const summary = result.explanation;
  if (summary === null || result.sessions === null) return '';
  const timeline = timelineOf(result);
  const drawn =
    timeline === null || timeline.bars.length === 0
      ? ''
      : timelineSvg(timeline) +
        (timeline.omitted > 0
          ? `<p>${plural(timeline.omitted, 'more session')} not drawn: the table lists them all.</p>`
          : '');
  const notes = summary.notes.map((n) => `<p class="status incomplete">${escapeHtml(n)}</p>`).join('');
  return (
    '<section class="explanation"><h2 id="sessions">Sessions</h2>' +
    `<p>${plural(summary.sessions, 'support session')}: ${number(summary.explainedByCase)} explained by a case, ` +
    `${number(summary.explainedByPermit)} by a permit, <strong>${number(summary.unexplainedSessions)} unexplained</strong>.</p>` +
    notes +
    drawn +
    (result.sessions.length === 0 ? '<p>No support sessions in the window.</p>' : sessionsTable(result)) +
    `<h3>Cases</h3>${casesTable(result)}<h3>Permits</h3>${permitsTable(result)}</section>`
  );
}
