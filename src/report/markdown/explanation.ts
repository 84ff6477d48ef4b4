/**
 * The explanation in Markdown: the sessions with what explains each, the cases and permits, and a timeline of
 * them as a Mermaid gantt chart (a fixed block, kept whole by the size guard, drawn with at most
 * TIMELINE_ROWS bars so that it stays small).
 */
import type { AuditResult } from '../../core/result.js';
import { timelineOf, type TimelineKind } from '../timeline.js';
import { list, table, type Block } from './blocks.js';
import { mermaidLabel } from './charts.js';
import { NONE, text } from './escape.js';
import { number, plural } from './format.js';

const RULE_WORDS = {
  case: 'case',
  'case-grace': 'case (grace period)',
  permit: 'permit',
  none: '❌ unexplained',
};

/** Mermaid's gantt reads `YYYY-MM-DD HH:mm:ss`. */
function ganttTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

const SECTION: Readonly<Record<TimelineKind, string>> = {
  case: 'Cases',
  permit: 'Permits',
  unexplained: 'Unexplained sessions',
  explained: 'Explained sessions',
};
const TAG: Readonly<Record<TimelineKind, string>> = {
  case: 'active',
  permit: 'active',
  unexplained: 'crit, milestone',
  explained: 'milestone',
};

function gantt(result: AuditResult): Block[] {
  const timeline = timelineOf(result);
  if (timeline === null || timeline.bars.length === 0) return [];
  const lines = [
    'gantt',
    `title Cases, permits and support sessions, ${result.window.start} to ${result.window.end} (UTC)`,
    'dateFormat YYYY-MM-DD HH:mm:ss',
    'axisFormat %m-%d',
  ];
  let section = '';
  timeline.bars.forEach((bar, i) => {
    if (SECTION[bar.kind] !== section) lines.push(`section ${(section = SECTION[bar.kind])}`);
    const end = bar.kind === 'case' || bar.kind === 'permit' ? ganttTime(bar.until) : '0d';
    lines.push(`${mermaidLabel(bar.label)} :${TAG[bar.kind]}, t${i + 1}, ${ganttTime(bar.from)}, ${end}`);
  });
  const chart = ['```mermaid', lines[0]!, ...lines.slice(1).map((l) => `    ${l}`), '```'].join('\n');
  const note =
    timeline.omitted > 0
      ? ` ${plural(timeline.omitted, 'more session')} not drawn: the table lists them all.`
      : '';
  return [chart, `Bars are cases and permits while open or allowed; diamonds are sessions.${note}`];
}

function sessions(result: AuditResult): Block[] {
  const rows = result.sessions!.map((s) => [
    text(s.id),
    `${text(s.firstCall)} to ${text(s.lastCall)}`,
    text(s.account),
    number(s.calls),
    number(s.writeCalls),
    text(s.services.join(', ')),
    `${RULE_WORDS[s.explanation.rule]}: ${text(s.explanation.reason)}`,
  ]);
  return rows.length === 0
    ? ['No support sessions in the window.']
    : [
        table(
          ['Session', 'When (UTC)', 'Account', 'Calls', 'Writes', 'Services', 'Explanation'],
          rows,
          [3, 4],
        ),
      ];
}

function cases(result: AuditResult): Block[] {
  if (result.cases!.length === 0) return ['### Cases', 'No support case read.'];
  const withSubject = result.cases!.some((c) => c.subject !== null);
  const rows = result.cases!.map((c) => [
    text(c.caseId),
    text(c.displayId),
    text(c.account),
    text(c.openedAt),
    c.resolvedAt.length === 0 ? NONE : text(c.resolvedAt.join(', ')),
    number(c.communications),
    text(c.sources.join(', ')),
    ...(withSubject ? [text(c.subject)] : []),
  ]);
  const head = ['Case', 'Display id', 'Account', 'Opened', 'Resolved', 'Messages', 'Read from'];
  return ['### Cases', table(withSubject ? [...head, 'Subject'] : head, rows, [5])];
}

function permits(result: AuditResult): Block[] {
  if (result.permits!.length === 0) return ['### Permits', 'No support permit read.'];
  const rows = result.permits!.map((p) => [
    text(p.name ?? p.arn),
    text(p.account),
    text(p.region),
    text(p.createdAt),
    text(p.allowAfter),
    text(p.allowBefore),
    p.actions === null ? 'not recorded' : text(p.actions.join(', ')),
    text(p.caseDisplayId),
    text(p.deletedAt),
  ]);
  return [
    '### Permits',
    table(
      ['Permit', 'Account', 'Region', 'Created', 'Allow after', 'Allow before', 'Actions', 'Case', 'Deleted'],
      rows,
    ),
  ];
}

export function explanation(result: AuditResult): Block[] {
  const summary = result.explanation;
  if (summary === null || result.sessions === null) return [];
  const lead =
    summary.leadIn.start === null
      ? 'no lead-in'
      : `a lead-in from ${summary.leadIn.start} to ${summary.leadIn.end} in ${summary.leadIn.regions.join(', ')}`;
  return [
    '## Sessions',
    `${plural(summary.sessions, 'support session')}: ${number(summary.explainedByCase)} explained by a case, ` +
      `${number(summary.explainedByPermit)} by a permit, **${number(summary.unexplainedSessions)} unexplained**. ` +
      `Cases and permits were read in the window and ${text(lead)}; a case explains sessions of ` +
      `${summary.caseScope === 'account' ? 'its own account' : 'any audited account'} while open and ` +
      `${plural(summary.caseGraceHours, 'hour')} after it is resolved.`,
    ...(summary.notes.length === 0 ? [] : [list(summary.notes.map((n) => `⚠️ ${text(n)}`))]),
    ...gantt(result),
    ...sessions(result),
    ...cases(result),
    ...permits(result),
  ];
}
