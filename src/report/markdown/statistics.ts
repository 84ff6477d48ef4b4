/** The statistics section: what each query scanned, took and cost, with links to Athena's console. */
import { billedBytes, estimatedCostUsd, PRICE_LABEL } from '../../core/cost.js';
import type { AuditResult, QueryRecord } from '../../core/result.js';
import { staticTable } from './blocks.js';
import { NONE, text } from './escape.js';
import { bytes, dollars, duration, usd } from './format.js';

function queryLink(query: QueryRecord): string {
  if (query.queryExecutionId === null) return NONE;
  if (query.link === null) return text(query.queryExecutionId);
  return `[${text(query.queryExecutionId)}](${query.link})`;
}

export function statistics(result: AuditResult): string {
  const { queries } = result.statistics;
  const totalMs = (key: 'engineExecutionMs' | 'queueMs' | 'totalMs') =>
    duration(queries.reduce((sum, q) => sum + q[key], 0));
  const parts = ['## Statistics'];
  const { billing } = result.scope;
  if (billing === null) {
    const rows = queries.map((q) => {
      const billed = billedBytes(q);
      return [
        text(q.id),
        bytes(q.dataScannedBytes),
        q.reusedPreviousResult ? 'reused earlier result' : bytes(billed),
        dollars(estimatedCostUsd(billed)),
        duration(q.engineExecutionMs),
        duration(q.queueMs),
        duration(q.totalMs),
        queryLink(q),
      ];
    });
    const billed = queries.reduce((sum, q) => sum + billedBytes(q), 0);
    const cost = dollars(estimatedCostUsd(billed));
    rows.push([
      '**Total**',
      `**${bytes(result.statistics.dataScannedBytes)}**`,
      `**${bytes(billed)}**`,
      `**${cost}**`,
      totalMs('engineExecutionMs'),
      totalMs('queueMs'),
      totalMs('totalMs'),
      '',
    ]);
    parts.push(
      staticTable(
        [
          'Query',
          'Data scanned',
          'Billed',
          'Cost',
          'Engine time',
          'Queue time',
          'Total time',
          'Query execution',
        ],
        rows,
        [1, 2, 3, 4, 5, 6],
      ),
      // One dollar sign per paragraph: GitHub reads text between two of them as a math formula.
      `Estimated cost: ${usd(estimatedCostUsd(billed))} ${PRICE_LABEL}; 1 MB = 2^20 bytes, 1 TB = 2^40 bytes. ` +
        'A reused result scans nothing and is not billed.',
    );
  } else {
    const rows = queries.map((q) => [
      text(q.id),
      duration(q.engineExecutionMs),
      duration(q.queueMs),
      duration(q.totalMs),
    ]);
    rows.push(['**Total**', totalMs('engineExecutionMs'), totalMs('queueMs'), totalMs('totalMs')]);
    parts.push(
      staticTable(['Query', 'Engine time', 'Queue time', 'Total time'], rows, [1, 2, 3]),
      text(billing),
    );
  }
  return parts.join('\n\n');
}
