/**
 * The AWS Support API's DescribeCases, as the emulator serves it beside Athena (JSON 1.1, X-Amz-Target
 * `AWSSupport_20130415.DescribeCases`): the cases it is given, filtered by `afterTime` and
 * `includeResolvedCases`, in pages of `maxResults` with a `nextToken`; or, for an account whose support plan
 * has no API access, SubscriptionRequiredException, as the Support API answers then.
 */
export const SUPPORT_TARGET_PREFIX = 'AWSSupport_20130415.';

/** A case as DescribeCases returns it (CaseDetails), with the fields the tool reads and a few it does not. */
export interface EmulatedCase {
  readonly caseId: string;
  readonly displayId: string;
  readonly subject: string;
  readonly status: string;
  readonly timeCreated: string;
  readonly communications?: ReadonlyArray<{ readonly body: string; readonly timeCreated: string }>;
}

/** What the Support API has: cases, or no API access. */
export type SupportCasesPlan = readonly EmulatedCase[] | 'subscription-required';

export interface SupportAnswer {
  readonly status: number;
  readonly payload: Record<string, unknown>;
}

const MAX_RESULTS = 100;
const MIN_RESULTS = 10;

export function answerSupport(
  operation: string,
  body: Record<string, unknown>,
  plan: SupportCasesPlan,
): SupportAnswer {
  if (plan === 'subscription-required') {
    return {
      status: 400,
      payload: {
        __type: 'SubscriptionRequiredException',
        message: 'AWS Premium Support Subscription is required to use this service.',
      },
    };
  }
  if (operation !== 'DescribeCases') {
    return {
      status: 400,
      payload: { __type: 'UnknownOperationException', message: `Unknown operation ${operation}` },
    };
  }
  const size = Number(body.maxResults ?? MAX_RESULTS);
  if (!Number.isInteger(size) || size < MIN_RESULTS || size > MAX_RESULTS) {
    return {
      status: 400,
      payload: {
        __type: 'ValidationException',
        message: `maxResults must be between ${MIN_RESULTS} and ${MAX_RESULTS}`,
      },
    };
  }
  const after = typeof body.afterTime === 'string' ? Date.parse(body.afterTime) : -Infinity;
  const resolved = body.includeResolvedCases === true;
  const matching = plan.filter(
    (c) => Date.parse(c.timeCreated) >= after && (resolved || c.status !== 'resolved'),
  );
  const offset = typeof body.nextToken === 'string' ? Number(body.nextToken) : 0;
  const page = matching.slice(offset, offset + size);
  return {
    status: 200,
    payload: {
      cases: page.map((c) => ({
        caseId: c.caseId,
        displayId: c.displayId,
        subject: c.subject,
        status: c.status,
        serviceCode: 'amazon-elastic-compute-cloud-linux',
        categoryCode: 'instance-issue',
        severityCode: 'high',
        submittedBy: 'alice@example.com',
        timeCreated: c.timeCreated,
        language: 'en',
        ccEmailAddresses: [],
        recentCommunications: {
          communications: (c.communications ?? []).map((m) => ({
            caseId: c.caseId,
            body: m.body,
            submittedBy: 'Amazon Web Services',
            timeCreated: m.timeCreated,
            attachmentSet: [],
          })),
        },
      })),
      ...(offset + size < matching.length ? { nextToken: String(offset + size) } : {}),
    },
  };
}
