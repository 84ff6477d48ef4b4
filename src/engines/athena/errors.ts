/** What Athena's refusals and failures mean for the user: the permission to grant, the input to set, the reason. */
import type { QueryExecution } from '@aws-sdk/client-athena';
import { AuditError } from '../../core/errors.js';
import type { Statement } from '../../core/sql.js';
import { LAKE_FORMATION_ADVICE, lakeFormationRefused } from './lake-formation.js';

/** The IAM action a denied call needs, by SDK command name. */
const PERMISSION_OF: Readonly<Record<string, string>> = {
  StartQueryExecutionCommand: 'athena:StartQueryExecution',
  GetQueryExecutionCommand: 'athena:GetQueryExecution',
  GetQueryResultsCommand: 'athena:GetQueryResults',
  StopQueryExecutionCommand: 'athena:StopQueryExecution',
  GetTableMetadataCommand: 'athena:GetTableMetadata (and glue:GetTable, glue:GetDatabase)',
};

/** An error the SDK threw for `commandName`, as an AuditError the user can act on, or unchanged. */
export function explainAwsError(commandName: string, error: unknown): unknown {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as Error).message;
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(String(error))) {
    const permission = PERMISSION_OF[commandName] ?? commandName;
    const advice = lakeFormationRefused(message) ? ` ${LAKE_FORMATION_ADVICE}.` : '';
    return new AuditError(`Access denied: grant ${permission}.${advice} AWS said: ${message}`);
  }
  if (name === 'InvalidRequestException' && /output location/i.test(message)) {
    return new AuditError(
      `Athena needs a place for query results: set output-location (s3://bucket/prefix/), or use a workgroup that has one. AWS said: ${message}`,
    );
  }
  if (name === 'CredentialsProviderError') {
    return new AuditError(
      'No AWS credentials found: in a workflow, run aws-actions/configure-aws-credentials first; locally, set AWS_PROFILE or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables.',
    );
  }
  return error;
}

const ERROR_CATEGORIES: Readonly<Record<number, string>> = {
  1: 'system error',
  2: 'user error',
  3: 'other error',
};

/** A query that ended FAILED or CANCELLED, with Athena's reason and error category. */
export function queryFailure(
  statement: Statement,
  id: string,
  execution: QueryExecution | undefined,
): AuditError {
  const status = execution?.Status;
  const category = status?.AthenaError?.ErrorCategory;
  const detail = [
    category !== undefined ? (ERROR_CATEGORIES[category] ?? `category ${category}`) : undefined,
    status?.AthenaError?.ErrorType !== undefined ? `error type ${status.AthenaError.ErrorType}` : undefined,
  ].filter(Boolean);
  const reason = status?.StateChangeReason ?? 'no reason given';
  return new AuditError(
    `Athena query ${statement.id} (${id}) ${(status?.State ?? 'ended').toLowerCase()}: ${reason}${detail.length ? ` [${detail.join(', ')}]` : ''}${lakeFormationRefused(reason) ? `\n${LAKE_FORMATION_ADVICE}.` : ''}`,
  );
}
