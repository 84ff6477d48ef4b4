/**
 * What counts as a call by AWS Support, and the context worth a line beside it. Each criterion is a SQL
 * predicate over the CloudTrail table; the single-scan query both filters on their union and reports each one.
 */
import { stringLiteral } from './sql.js';

export const SUPPORT_HOST = 'support.amazonaws.com';
export const SUPPORT_ROLE = 'AWSServiceRoleForSupport';

/**
 * The assumed-role name must be exactly the support role, in any partition. The account field is not pinned
 * to 12 digits: anonymised and test logs carry other ids, and the role name alone is the evidence.
 */
export const SUPPORT_ROLE_ARN_PATTERN = `^arn:aws(-us-gov|-cn)?:sts::[^:]*:assumed-role/${SUPPORT_ROLE}/`;

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
    description: `the caller is the role ${SUPPORT_ROLE} itself (exact role name, any partition)`,
    sql: `regexp_like(useridentity.arn, ${stringLiteral(SUPPORT_ROLE_ARN_PATTERN)})`,
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

export const CONTEXT_PREDICATES = [
  {
    name: 'supportApiCalls',
    flag: 'support_api_call',
    description: 'calls to the AWS Support API by your own principals (eventSource support.amazonaws.com)',
    sql: `eventsource = ${stringLiteral(SUPPORT_HOST)}`,
  },
  {
    name: 'supportAuthorizationEvents',
    flag: 'support_authorization_event',
    description: 'AWS Support authorization events (eventSource supportauthz.amazonaws.com)',
    sql: `eventsource = ${stringLiteral('supportauthz.amazonaws.com')}`,
  },
] as const satisfies readonly Predicate[];

export type ContextName = (typeof CONTEXT_PREDICATES)[number]['name'];
