/**
 * The AWS Support API's DescribeCases, for `cases-from: cloudtrail,support-api`: every case created after the
 * lead-in's start, resolved ones included, page by page. An account whose support plan has no API access gets
 * SubscriptionRequiredException, and a role without `support:DescribeCases` AccessDeniedException: either is a
 * note in the report, never the run's failure, and the cases are then read from CloudTrail alone.
 */
import { DescribeCasesCommand, SupportClient, type CaseDetails } from '@aws-sdk/client-support';
import type { ApiCase, SupportCaseListing, SupportCaseReader } from '../core/explain/index.js';
import { VERSION } from '../core/version.js';

/** DescribeCases returns at most 100 cases a page. */
const PAGE_SIZE = 100;
/** A bound on pages, so that a service that keeps answering with a token cannot keep the audit for good. */
const MAX_PAGES = 1000;

/**
 * The Support API's endpoint for the partition of `region`: the commercial partition's is in US East (N.
 * Virginia); the SDK resolves an endpoint override (AWS_ENDPOINT_URL_SUPPORT) before it.
 */
export function supportRegion(region: string | undefined): string {
  if (region?.startsWith('us-gov-')) return 'us-gov-west-1';
  if (region?.startsWith('cn-')) return 'cn-north-1';
  return 'us-east-1';
}

function apiCase(details: CaseDetails): ApiCase | null {
  if (details.caseId === undefined) return null;
  return {
    caseId: details.caseId,
    displayId: details.displayId ?? null,
    status: details.status ?? null,
    timeCreated: details.timeCreated ?? null,
    subject: details.subject ?? null,
    communicationTimes: (details.recentCommunications?.communications ?? [])
      .map((c) => c.timeCreated)
      .filter((t): t is string => t !== undefined),
  };
}

const REFUSALS: Readonly<Record<string, string>> = {
  SubscriptionRequiredException:
    "the account's support plan does not include the AWS Support API (SubscriptionRequiredException): cases were read from CloudTrail alone",
  AccessDeniedException:
    'the role may not call support:DescribeCases (AccessDeniedException): cases were read from CloudTrail alone',
};

export interface SupportApiOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** For tests: a client already pointed somewhere. */
  readonly client?: SupportClient;
  readonly log?: (message: string) => void;
}

export function supportCaseReader(options: SupportApiOptions = {}): SupportCaseReader {
  return async (afterTime: string): Promise<SupportCaseListing> => {
    const env = options.env ?? process.env;
    const client =
      options.client ??
      new SupportClient({
        region: supportRegion(env.AWS_REGION ?? env.AWS_DEFAULT_REGION),
        customUserAgent: `support-audit/${VERSION}`,
        retryMode: 'adaptive',
        maxAttempts: 5,
      });
    const cases: ApiCase[] = [];
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await client.send(
          new DescribeCasesCommand({
            includeResolvedCases: true,
            afterTime,
            maxResults: PAGE_SIZE,
            nextToken,
          }),
        );
        cases.push(...(answer.cases ?? []).map(apiCase).filter((c): c is ApiCase => c !== null));
        nextToken = answer.nextToken;
        if (!nextToken) break;
      }
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const refusal = REFUSALS[name];
      if (refusal === undefined) throw error;
      options.log?.(`AWS Support API: ${refusal}`);
      return { cases, notes: [`AWS Support API: ${refusal}`] };
    } finally {
      if (!options.client) client.destroy();
    }
    options.log?.(`AWS Support API: ${cases.length} cases created since ${afterTime}`);
    return { cases, notes: [] };
  };
}
