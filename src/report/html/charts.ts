/** The charts of report.html: when AWS Support called (over the window), and where (account and region, source). */
import type { AuditResult } from '../../core/result.js';
import { callsOverTime, eventSources, rank, type TopRanked } from '../activity.js';
import { number, plural } from '../markdown/format.js';
import { escapeHtml } from './escape.js';
import { barChart, columnChart, type BarRow } from './svg.js';

/** Bars in a ranked chart before the rest are summed up in one. */
export const RANKED_BARS = 15;

const NONE_LABEL = '(none)';

function rankedRows(ranked: TopRanked, restName: string): BarRow[] {
  const rows: BarRow[] = ranked.top.map((r) => ({
    label: r.name ?? NONE_LABEL,
    title: `${r.name ?? NONE_LABEL}: ${plural(r.count, 'support call')}`,
    value: r.count,
  }));
  if (ranked.rest.entries > 0) {
    const label = `${number(ranked.rest.entries)} more ${restName}`;
    rows.push({
      label,
      title: `${label}: ${plural(ranked.rest.count, 'support call')}`,
      value: ranked.rest.count,
      rest: true,
    });
  }
  return rows;
}

function overTime(result: AuditResult): string {
  const series = callsOverTime(result)!;
  const per =
    series.unit === 'day' ? 'day' : series.unit === 'week' ? 'week (from the window’s first day)' : 'month';
  const columns = series.buckets.map((b) => {
    const when = b.first === b.last ? b.first : `${b.first} to ${b.last}`;
    const writes = b.writeCalls > 0 ? `, ${plural(b.writeCalls, 'write call')}` : '';
    return {
      label: b.label,
      title: `${when}: ${plural(b.calls, 'support call')}${writes}`,
      value: b.calls,
      highlighted: b.writeCalls,
    };
  });
  return (
    `<figure class="wide"><figcaption>Support calls per ${per}, UTC` +
    `<span class="legend"><i class="key bar"></i>read-only <i class="key highlight"></i>write (not read-only)</span>` +
    `</figcaption>${columnChart('calls-over-time', `Support calls per ${series.unit}`, columns)}</figure>`
  );
}

function byPlace(result: AuditResult): string {
  const ranked = rank(
    result.byAccountAndRegion.map((r) => ({
      name: `${r.account ?? NONE_LABEL} · ${r.region ?? NONE_LABEL}`,
      count: r.count,
    })),
    RANKED_BARS,
  );
  return (
    '<figure><figcaption>Support calls per account and region</figcaption>' +
    `${barChart('calls-by-place', 'Support calls per account and region', rankedRows(ranked, 'account-regions'))}</figure>`
  );
}

function bySource(result: AuditResult): string {
  const ranked = eventSources(result, RANKED_BARS)!;
  return (
    '<figure><figcaption>Support calls per event source</figcaption>' +
    `${barChart('calls-by-source', 'Support calls per event source', rankedRows(ranked, 'sources'))}</figure>`
  );
}

export function charts(result: AuditResult): string {
  const heading = '<h2 id="activity">When and where AWS Support called</h2>';
  if (!result.eventsComplete) {
    return (
      `<section>${heading}<p>The ${escapeHtml(result.querySet)} query set lists no events, so there is nothing to ` +
      'chart; run the single-scan query set for the charts.</p></section>'
    );
  }
  if (result.events.length === 0) {
    return `<section>${heading}<p>No support calls in the window: nothing to chart.</p></section>`;
  }
  return `<section>${heading}${overTime(result)}<div class="pair">${byPlace(result)}${bySource(result)}</div></section>`;
}
