/**
 * What Athena's refusals and failures mean for the user (the permission to grant, the input to set, the reason),
 * and what an early end of the work did to the queries it had started.
 */
import type { QueryExecution } from '@aws-sdk/client-athena';
import { AuditError } from '../../core/errors.js';
import type { Statement } from '../../core/sql.js';
import { LAKE_FORMATION_ADVICE, lakeFormationRefused } from './lake-formation.js';

export type Interruption = 'cancelled' | 'deadline' | 'halted';

/** The work was cut short: by the user, by the deadline, or because the audit failed elsewhere. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly kind: Interruption) {
    super(`interrupted: ${kind}`);
  }
}

/** A query the audit started and meant to stop, and why it could not, if it could not. */
export interface StopOutcome {
  readonly statementId: string;
  /** Undefined when the start was abandoned and which query, if any, it had started could not be found. */
  readonly id: string | undefined;
  readonly failure?: string;
}

/** The IAM action a denied call needs, by SDK command name. */
const PERMISSION_OF: Readonly<Record<string, string>> = {
  StartQueryExecutionCommand: 'athena:StartQueryExecution',
  GetQueryExecutionCommand: 'athena:GetQueryExecution',
  GetQueryResultsCommand: 'athena:GetQueryResults',
  StopQueryExecutionCommand: 'athena:StopQueryExecution',
  ListQueryExecutionsCommand: 'athena:ListQueryExecutions',
  BatchGetQueryExecutionCommand: 'athena:BatchGetQueryExecution',
  GetTableMetadataCommand: 'athena:GetTableMetadata (and glue:GetTable, glue:GetDatabase)',
};

/** An error the SDK threw for `commandName`, as an AuditError the user can act on, or unchanged. */
export function explainAwsError(commandName: string, error: unknown): unknown {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as Error).message;
  const operation = commandName.replace(/Command$/, '');
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
  if (name === 'ThrottlingException') {
    return new AuditError(
      `Athena throttled ${operation} through every retry (ThrottlingException: ${message}): other jobs are calling Athena in this account and region at the same time. Run the audit again later or fewer audits at once, or ask AWS for a higher ${operation} request rate in Service Quotas.`,
    );
  }
  if (name === 'TooManyRequestsException') {
    return new AuditError(
      `Athena refused ${operation} through every retry: the account's quota of queries running at once is reached (TooManyRequestsException: ${message}). Run the audit again when other queries have finished, or raise the active query quota in Service Quotas.`,
    );
  }
  if (name === 'TimeoutError') {
    return new AuditError(
      `Athena did not answer ${operation} in time, through every retry (${message}): check the network path to Athena (proxy, VPC endpoint, firewall) and the AWS Health Dashboard.`,
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

/** What became of the queries an early end had to stop, and how to stop by hand those it could not. */
export function stopReport(outcomes: readonly StopOutcome[], workgroup: string): string {
  const stopped = outcomes.filter((o) => o.failure === undefined).map((o) => `${o.statementId} (${o.id})`);
  const sentences = stopped.length > 0 ? [`Stopped ${stopped.join(', ')}.`] : [];
  for (const { statementId, id, failure } of outcomes) {
    if (failure === undefined) continue;
    sentences.push(
      id === undefined
        ? `Could not find out whether the abandoned start of ${statementId} had started a query (${failure}); if it had, it may still be running: look for it in the query history of workgroup ${workgroup}.`
        : `Could not stop ${statementId} (${id}): ${failure} It may still be running: stop it with "aws athena stop-query-execution --query-execution-id ${id}" or in the Athena console.`,
    );
  }
  return sentences.join(' ');
}

/** What the work was doing when it was cut short. */
export type Phase = 'check' | 'start' | 'run' | 'read';

/** Why the work was cut short, naming what it was doing: the table, or the query and its execution id once known. */
export function interruptionMessage(
  kind: Interruption,
  what: string,
  phase: Phase,
  timeoutSeconds: number,
): string {
  const within = `within timeout-seconds (${timeoutSeconds} s)`;
  if (kind === 'halted') return `${what} was stopped because another query of the audit failed.`;
  if (kind === 'cancelled') {
    if (phase === 'check') return `Cancelled while checking ${what}.`;
    if (phase === 'read') return `Cancelled while reading the results of ${what}.`;
    return `Cancelled while ${what} was ${phase === 'start' ? 'starting' : 'running'}.`;
  }
  if (phase === 'check') return `Athena did not answer for ${what} ${within}.`;
  if (phase === 'read') return `The results of Athena query ${what} were not read ${within}.`;
  return `Athena query ${what} did not ${phase === 'start' ? 'start' : 'finish'} ${within}.`;
}
