/**
 * What counts as a call by AWS Support, and the context worth a line beside it. Each criterion is a SQL
 * predicate over the CloudTrail table; the single-scan query both filters on their union and reports each one.
 */
import { stringLiteral } from './sql.js';

export const SUPPORT_HOST = 'support.amazonaws.com';
export const SUPPORT_ROLE = 'AWSServiceRoleForSupport';

/**
 * The partitions an ARN of the support role can be in: commercial, AWS GovCloud (US), China, the AWS European
 * Sovereign Cloud (`aws-eusc`) and the isolated ones (`aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`), as the
 * AWS SDK's partitions.json names them.
 */
const PARTITION = 'aws(-us-gov|-cn|-eusc|-iso(-[bef])?)?';

/**
 * The assumed-role name must be exactly the support role, in any partition. The account field is not pinned
 * to 12 digits: anonymised and test logs carry other ids, and the role name alone is the evidence.
 */
export const SUPPORT_ROLE_ARN_PATTERN = `^arn:${PARTITION}:sts::[^:]*:assumed-role/${SUPPORT_ROLE}/`;

/**
 * The service-linked role lives under this path; a customer role may take the same name under another path. A
 * record that names the session's issuer must name this one (`[.]` keeps the pattern free of backslashes).
 */
export const SUPPORT_ROLE_ISSUER_PATTERN = `^arn:${PARTITION}:iam::[^:]*:role/aws-service-role/support[.]amazonaws[.]com/${SUPPORT_ROLE}$`;

/** The CloudTrail calls that change what a trail records: they explain gaps in the logs. */
export const TRAIL_CHANGE_EVENTS = [
  'StopLogging',
  'StartLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
] as const;

export interface Predicate<Name extends string = string> {
  readonly name: Name;
  /** Column alias of the flag in the single-scan result. */
  readonly flag: string;
  readonly description: string;
  readonly sql: string;
}

export interface Criterion extends Predicate {
  /** The name of the criterion's flag on each event and of its total, in the result and its files. */
  readonly field: string;
}

export const SUPPORT_CRITERIA = [
  {
    name: 'sourceIp',
    flag: 'by_source_ip',
    field: 'bySourceIp',
    description: `sourceIPAddress is ${SUPPORT_HOST} (the article's criterion; also catches older Root calls)`,
    sql: `sourceipaddress = ${stringLiteral(SUPPORT_HOST)}`,
  },
  {
    name: 'supportRole',
    flag: 'by_support_role',
    field: 'bySupportRole',
    description: `the caller is the service-linked role ${SUPPORT_ROLE} itself (exact role name and path, any partition)`,
    sql:
      `(regexp_like(useridentity.arn, ${stringLiteral(SUPPORT_ROLE_ARN_PATTERN)})` +
      ` AND (useridentity.sessioncontext.sessionissuer.arn IS NULL` +
      ` OR regexp_like(useridentity.sessioncontext.sessionissuer.arn, ${stringLiteral(SUPPORT_ROLE_ISSUER_PATTERN)})))`,
  },
  {
    name: 'invokedBy',
    flag: 'by_invoked_by',
    field: 'byInvokedBy',
    description: `userIdentity.invokedBy is ${SUPPORT_HOST}`,
    sql: `useridentity.invokedby = ${stringLiteral(SUPPORT_HOST)}`,
  },
] as const satisfies readonly Criterion[];

export type CriterionName = (typeof SUPPORT_CRITERIA)[number]['name'];
/** `bySourceIp`, `bySupportRole`, `byInvokedBy`. */
export type CriterionField = (typeof SUPPORT_CRITERIA)[number]['field'];

/** A call matched by any criterion: a support call. */
const ANY_CRITERION = `COALESCE(${SUPPORT_CRITERIA.map((c) => c.sql).join(' OR ')}, false)`;

export const CONTEXT_PREDICATES = [
  {
    name: 'supportApiCalls',
    flag: 'support_api_call',
    description: 'calls to the AWS Support API by your own principals (eventSource support.amazonaws.com)',
    sql: `(eventsource = ${stringLiteral(SUPPORT_HOST)} AND NOT ${ANY_CRITERION})`,
  },
  {
    name: 'supportAuthorizationEvents',
    flag: 'support_authorization_event',
    description: 'AWS Support authorization events (eventSource supportauthz.amazonaws.com)',
    sql: `eventsource = ${stringLiteral('supportauthz.amazonaws.com')}`,
  },
  {
    name: 'trailChanges',
    flag: 'trail_change',
    description: `changes to what a trail records (${TRAIL_CHANGE_EVENTS.join(', ')})`,
    sql: `(eventsource = ${stringLiteral('cloudtrail.amazonaws.com')} AND eventname IN (${TRAIL_CHANGE_EVENTS.map(stringLiteral).join(', ')}))`,
  },
] as const satisfies readonly Predicate[];

export type ContextName = (typeof CONTEXT_PREDICATES)[number]['name'];
