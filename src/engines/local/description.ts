/** How the reports describe an audit on the local engine: the folder it read, what it read there, its notes. */
import type { EngineDescription, ReadTable } from '../../core/engine.js';
import { CLOUDTRAIL_SOURCE } from '../../core/sources/cloudtrail.js';

export function describeLocal({ prepared, findings }: ReadTable): EngineDescription {
  const [read, ...notes] = [...prepared.actions, ...findings.notes];
  return {
    title: `local (DuckDB), over a copy of ${(prepared.source ?? CLOUDTRAIL_SOURCE).bucket}`,
    details: [
      { label: 'Logs', value: prepared.layout.location },
      ...(read === undefined ? [] : [{ label: 'Read', value: read }]),
      ...notes.map((value) => ({ label: 'Note', value })),
    ],
    billing: 'The local engine reads local files: no data is scanned in Athena and nothing is billed.',
    queryLink: () => null,
  };
}
