/** How the reports describe an audit on Athena: the region, the table, its location, what preparing did. */
import type { EngineDescription, ReadTable } from '../../core/engine.js';
import { CLOUDTRAIL_SOURCE } from '../../core/sources/cloudtrail.js';

/** Links only ids and regions of the shapes AWS issues, so a link can never be steered elsewhere. */
function consoleLink(region: string, queryExecutionId: string): string | null {
  if (!/^[a-z0-9-]+$/.test(region) || !/^[A-Za-z0-9-]+$/.test(queryExecutionId)) return null;
  return `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor/history/${queryExecutionId}`;
}

export function describeAthena(
  region: string,
  { request, prepared, findings }: ReadTable,
): EngineDescription {
  const { layout } = prepared;
  const partitions = (prepared.source ?? CLOUDTRAIL_SOURCE).partitionColumns(layout);
  return {
    title: `Athena (${region})`,
    details: [
      {
        label: 'Table',
        value: `${request.database}.${request.table}, partitioned by ${partitions.join(', ')}`,
      },
      { label: 'Location', value: layout.location },
      ...[...prepared.actions, ...findings.notes].map((value) => ({ label: 'Table action', value })),
    ],
    billing: null,
    queryLink: (id) => consoleLink(region, id),
  };
}
