/** The shipped sample's plan: its account and region folders, and every event that matters, placed by hand. */
import { SAMPLE_ACCOUNTS } from '../../src/core/sample.js';
import type { CallName } from './api-calls.js';
import type { SamplePermit, SupportApiCall } from './records.js';

export const { production: PRODUCTION, staging: STAGING, govCloud: GOVCLOUD } = SAMPLE_ACCOUNTS;

/** The sample's account and region folders, in the plain (non-organization) layout. */
export const SAMPLE_SOURCES: ReadonlyArray<{ account: string; region: string; filesPerDay: number }> = [
  { account: PRODUCTION, region: 'us-east-1', filesPerDay: 4 },
  { account: PRODUCTION, region: 'eu-west-1', filesPerDay: 3 },
  { account: STAGING, region: 'us-east-1', filesPerDay: 3 },
  { account: STAGING, region: 'eu-west-1', filesPerDay: 3 },
  { account: GOVCLOUD, region: 'us-gov-west-1', filesPerDay: 2 },
];

export type PlantedKind =
  | 'supportRole'
  | 'supportRoleDenied'
  | 'supportRoleWrite'
  | 'supportRoleForwarded'
  | 'legacyRoot'
  | 'lookalikeAuditRole'
  | 'lookalikeReaderRole'
  | 'trustedAdvisor'
  | 'cloudFormation'
  | 'config'
  | 'supportApi'
  | 'supportAuthz'
  | 'supportPermit'
  | 'trailChange';

export interface PlantedGroup {
  readonly kind: PlantedKind;
  readonly account: string;
  readonly region: string;
  /** eventTime of the first event; the others follow seconds apart. */
  readonly at: string;
  readonly count?: number;
  readonly calls?: readonly CallName[];
  readonly supportApiCall?: SupportApiCall;
  /** Which of the account's cases a Support API call is about (each key is one case id). */
  readonly caseKey?: string;
  /** A support permit created, or deleted, in the group's account and region. */
  readonly permit?: SamplePermit;
  readonly permitCall?: 'create' | 'delete';
  readonly trailCall?: 'StopLogging' | 'StartLogging';
  /** Also deliver the group's events in this region's folder, as trails that include global events do. */
  readonly deliveredAgainIn?: string;
  /** Deliver the group's file truncated, as a corrupt object. */
  readonly corrupt?: boolean;
  readonly note: string;
}

/**
 * Every event that matters to the audit, placed by hand so each shape and edge sits at a known day. Each group
 * is delivered in its own file a few minutes after its last event, beside a little background traffic.
 */
export const SAMPLE_PLAN: readonly PlantedGroup[] = [
  {
    kind: 'supportRole',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-02T09:41:12Z',
    count: 6,
    note: 'support role reads',
  },
  {
    kind: 'supportRole',
    account: PRODUCTION,
    region: 'eu-west-1',
    at: '2026-11-03T14:05:40Z',
    count: 5,
    note: 'support role reads',
  },
  {
    kind: 'legacyRoot',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-03T07:48:20Z',
    count: 2,
    note: 'legacy Root calls invoked by AWS Support',
  },
  {
    kind: 'supportRole',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-04T02:17:03Z',
    count: 5,
    note: 'support role reads',
  },
  {
    kind: 'supportRole',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-04T02:21:14Z',
    calls: ['getRole'],
    deliveredAgainIn: 'eu-west-1',
    note: "support role IAM read, delivered by both regions' trails: one call, one extra delivery",
  },
  {
    kind: 'supportRoleDenied',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-04T02:19:30Z',
    calls: ['getBucketPolicy'],
    note: 'support role read refused with AccessDenied',
  },
  {
    kind: 'supportRole',
    account: STAGING,
    region: 'eu-west-1',
    at: '2026-11-05T10:20:00Z',
    count: 4,
    corrupt: true,
    note: 'support role reads in the corrupt file: unreadable, so not counted',
  },
  {
    kind: 'trailChange',
    account: STAGING,
    region: 'eu-west-1',
    at: '2026-11-05T09:51:07Z',
    trailCall: 'StopLogging',
    note: 'a trail stopped recording: context that explains a gap',
  },
  {
    kind: 'trailChange',
    account: STAGING,
    region: 'eu-west-1',
    at: '2026-11-05T11:36:52Z',
    trailCall: 'StartLogging',
    note: 'the trail recording again: context',
  },
  {
    kind: 'supportRole',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-06T16:02:31Z',
    count: 4,
    note: 'support role reads',
  },
  {
    kind: 'supportRoleWrite',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-06T16:09:12Z',
    calls: ['deleteSupportRole'],
    note: 'support role deleting itself (iam DeleteRole, readOnly false)',
  },
  {
    kind: 'supportRoleForwarded',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-06T16:11:45Z',
    calls: ['describeTrails'],
    note: 'support role call forwarded by AWS (hypothetical shape: only the role criterion matches)',
  },
  {
    kind: 'legacyRoot',
    account: STAGING,
    region: 'eu-west-1',
    at: '2026-11-06T20:14:55Z',
    count: 1,
    note: 'legacy Root call invoked by AWS Support',
  },
  {
    kind: 'supportRole',
    account: GOVCLOUD,
    region: 'us-gov-west-1',
    at: '2026-11-07T11:30:09Z',
    count: 3,
    note: 'support role reads in AWS GovCloud (aws-us-gov ARNs)',
  },
  {
    kind: 'supportRole',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-08T23:58:41Z',
    count: 1,
    note: 'last-minute support call delivered in the 2026/11/09 folder: counts',
  },
  {
    kind: 'supportRole',
    account: PRODUCTION,
    region: 'eu-west-1',
    at: '2026-11-01T23:59:30Z',
    count: 1,
    note: 'support call of the day before delivered in the 2026/11/02 folder: outside the window',
  },
  {
    kind: 'supportRole',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-09T03:22:10Z',
    count: 2,
    note: 'support calls of the day after: outside the window',
  },
  {
    kind: 'supportRole',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-01T11:05:00Z',
    count: 3,
    note: 'support calls in the 2026/11/01 folder: outside the window',
  },
  {
    kind: 'lookalikeAuditRole',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-04T15:12:00Z',
    count: 2,
    note: 'customer role AWSServiceRoleForSupportAudit: must not count',
  },
  {
    kind: 'lookalikeReaderRole',
    account: STAGING,
    region: 'eu-west-1',
    at: '2026-11-07T09:03:27Z',
    count: 1,
    calls: ['describeAlarms'],
    note: 'customer role MyAWSServiceRoleForSupportReader: must not count',
  },
  {
    kind: 'trustedAdvisor',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-05T04:00:05Z',
    count: 3,
    note: 'Trusted Advisor: must not count',
  },
  {
    kind: 'cloudFormation',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-02T18:44:10Z',
    count: 2,
    note: 'CloudFormation on behalf of a customer role: must not count',
  },
  {
    kind: 'config',
    account: PRODUCTION,
    region: 'eu-west-1',
    at: '2026-11-06T03:15:51Z',
    count: 2,
    note: 'AWS Config: must not count',
  },
  {
    kind: 'supportApi',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-03T08:30:02Z',
    supportApiCall: 'CreateCase',
    note: 'customer opening a support case, left open: explains the later sessions of the account',
  },
  {
    kind: 'supportApi',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-03T08:31:15Z',
    supportApiCall: 'DescribeCases',
    note: 'customer reading support cases: context',
  },
  {
    kind: 'supportAuthz',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-03T08:46:40Z',
    note: 'support permit request: context',
  },
  {
    kind: 'supportApi',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-05T13:02:09Z',
    supportApiCall: 'DescribeCases',
    note: 'customer reading support cases: context',
  },
  {
    kind: 'supportAuthz',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-05T13:20:44Z',
    note: 'support permit request: context',
  },
  {
    kind: 'supportApi',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-09T09:00:00Z',
    supportApiCall: 'AddCommunicationToCase',
    note: 'customer writing to a support case the day after: outside the window',
  },
];

/**
 * The cases and permits that explain the sessions above, each way: a case read by the lead-in and resolved (a
 * session in its grace period, one just inside it), cases open in the window, a case whose grace period ends
 * just before a session, and permits. Planned after SAMPLE_PLAN with a random stream of their own, so that
 * adding them left every other file of the sample as it was.
 */
export const EXPLANATION_PLAN: readonly PlantedGroup[] = [
  {
    kind: 'supportApi',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-01T21:10:05Z',
    supportApiCall: 'CreateCase',
    caseKey: '-early',
    note: 'a case opened the day before the window: read by the lead-in',
  },
  {
    kind: 'supportApi',
    account: PRODUCTION,
    region: 'us-east-1',
    at: '2026-11-02T07:55:00Z',
    supportApiCall: 'ResolveCase',
    caseKey: '-early',
    note: 'that case resolved: it explains sessions for 24 more hours (the grace period)',
  },
  {
    kind: 'supportApi',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-04T01:50:10Z',
    supportApiCall: 'CreateCase',
    note: 'a case of the staging account, open during its sessions of the next half hour',
  },
  {
    kind: 'supportApi',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-05T20:10:00Z',
    supportApiCall: 'ResolveCase',
    note: 'that case resolved: its grace period ends 4 minutes before the Root call of 2026-11-06T20:14',
  },
  {
    kind: 'supportPermit',
    account: PRODUCTION,
    region: 'eu-west-1',
    at: '2026-11-05T09:00:00Z',
    permitCall: 'create',
    permit: {
      name: 'rds-diagnostics',
      actions: ['rds:DescribeDBInstances'],
      resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'],
    },
    note: 'a support permit without conditions, deleted 40 minutes later: explains nothing',
  },
  {
    kind: 'supportPermit',
    account: PRODUCTION,
    region: 'eu-west-1',
    at: '2026-11-05T09:40:00Z',
    permitCall: 'delete',
    permit: { name: 'rds-diagnostics', actions: ['rds:DescribeDBInstances'] },
    note: 'that permit deleted (the request names it by its ARN)',
  },
  {
    kind: 'supportPermit',
    account: STAGING,
    region: 'us-east-1',
    at: '2026-11-08T22:30:00Z',
    permitCall: 'create',
    permit: {
      name: 'night-investigation',
      actions: ['iam:GetRole', 's3:GetBucketPolicy'],
      resources: ['arn:aws:iam::444455556666:role/app-server'],
      allowAfter: '2026-11-08T22:30:00Z',
      allowBefore: '2026-11-09T06:00:00Z',
      caseDisplayId: '178001234',
    },
    note: 'a support permit for one night: explains the last-minute call of 2026-11-08T23:58',
  },
];
