/**
 * Security Lake's table on Athena: used as it is, never created or altered. Preparing checks that it exists,
 * that it is a Security Lake CloudTrail table, which source version it is, and that it has every column the
 * audit reads; a refusal names the Lake Formation permission it takes.
 */
import type { PreparedTable, TablePlan, TableRequest } from '../../core/engine.js';
import { AuditError } from '../../core/errors.js';
import {
  securityLakeLayout,
  securityLakeSource,
  versionOfTableName,
} from '../../core/sources/security-lake.js';
import { LAKE_FORMATION_ADVICE } from './lake-formation.js';
import { checkSecurityLakeTable } from './security-lake-check.js';
import type { TableCalls } from './table.js';
import type { TableMetadataView } from './table-check.js';

/** Nothing to create: the plan is to read the table, as the version its name ends with. */
export async function planSecurityLakeTable(request: TableRequest): Promise<TablePlan> {
  return {
    tables: [{ name: request, layout: securityLakeLayout(request.layouts[0]!, '') }],
    statements: [],
    source: securityLakeSource(versionOfTableName(request.table)),
  };
}

async function metadataOf(
  request: TableRequest,
  catalog: string,
  calls: TableCalls,
): Promise<TableMetadataView> {
  const qualified = `${request.database}.${request.table}`;
  let metadata: TableMetadataView | undefined;
  try {
    metadata = await calls.metadata(request);
  } catch (error) {
    if (error instanceof AuditError && error.message.startsWith('Access denied')) {
      throw new AuditError(`${error.message}\n${LAKE_FORMATION_ADVICE}.`);
    }
    throw error;
  }
  if (metadata === undefined) {
    throw new AuditError(
      `Security Lake table ${qualified} does not exist in catalog ${catalog}, or the role may not see it. ` +
        'This tool never creates it: Security Lake does, in each region where it collects CloudTrail management ' +
        'events. Add CloudTrail management events as a Security Lake source, run the audit in the region Security ' +
        'Lake rolls up to (AWS_REGION), or name the table with database and table (for source version 1, the ' +
        `..._cloud_trail_mgmt_1_0 table). If it exists: ${LAKE_FORMATION_ADVICE}.`,
    );
  }
  return metadata;
}

export async function prepareSecurityLakeTable(
  request: TableRequest,
  settings: { readonly catalog: string },
  calls: TableCalls,
): Promise<PreparedTable> {
  const qualified = `${request.database}.${request.table}`;
  const metadata = await metadataOf(request, settings.catalog, calls);
  const { version, differences } = checkSecurityLakeTable(metadata);
  if (version === undefined || differences.length > 0) {
    throw new AuditError(
      `Table ${qualified} is not fit for this audit:\n${differences.map((d) => `  - ${d}`).join('\n')}\n` +
        'This tool reads Security Lake tables as Security Lake creates them, and never alters them: point database ' +
        'and table at the cloud_trail_mgmt table of source version 2 or 1.',
    );
  }
  calls.log(`Reading ${qualified}, Security Lake source version ${version}`);
  const location = metadata.parameters.location ?? metadata.parameters.metadata_location ?? '';
  return {
    tables: [{ name: request, layout: securityLakeLayout(request.layouts[0]!, location) }],
    actions: [`reused ${qualified} (Security Lake source version ${version}; never created or altered)`],
    source: securityLakeSource(version),
  };
}
