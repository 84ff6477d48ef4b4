/** The StartQueryExecution request of a statement: where it runs, its parameters, and its idempotency token. */
import { createHash, randomUUID } from 'node:crypto';
import type { StartQueryExecutionInput } from '@aws-sdk/client-athena';
import type { AthenaSettings } from '../../core/settings.js';
import { athenaParameter, type Statement } from '../../core/sql.js';

/** Names the run in idempotency tokens: the GitHub run and job when there is one, else a run of its own. */
export function runKeyOf(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_RUN_ID
    ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? ''}`
    : randomUUID();
}

export function startInput(
  statement: Statement,
  settings: AthenaSettings,
  database: string | undefined,
  runKey: string,
): StartQueryExecutionInput {
  const token = createHash('sha256')
    .update(JSON.stringify([runKey, statement.id, statement.sql, statement.parameters]))
    .digest('hex');
  return {
    QueryString: statement.sql,
    QueryExecutionContext: { Catalog: settings.catalog, Database: database },
    WorkGroup: settings.workgroup,
    ...(settings.outputLocation ? { ResultConfiguration: { OutputLocation: settings.outputLocation } } : {}),
    ...(statement.parameters.length
      ? { ExecutionParameters: statement.parameters.map(athenaParameter) }
      : {}),
    // The same token returns the same execution: a retried or abandoned start never starts a second query.
    ClientRequestToken: token,
    ...(settings.resultReuseMinutes > 0
      ? {
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: settings.resultReuseMinutes },
          },
        }
      : {}),
  };
}
