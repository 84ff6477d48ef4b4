/** The templates of whole records: API calls, the customer's own Support API calls, support authorizations. */
import { SUPPORT_HOST } from '../../src/core/criteria.js';
import { CALLS, hostHeader, type ApiCall, type CallName } from './api-calls.js';
import { NO_TAGS, type Tags } from './counts.js';
import { CLI_AGENT, iamUser, type Identity } from './identities.js';
import type { Place } from './places.js';
import { hashSeed, stableHex } from './random.js';
import { compile, SLOT_TOKEN, type Template } from './templates.js';

export interface EventOptions {
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** A management API call record, keys in the order CloudTrail writes them. */
export function apiCallTemplate(
  p: Place,
  who: Identity,
  callName: CallName,
  options: EventOptions = {},
): Template {
  const call: ApiCall = CALLS[callName];
  const record: Record<string, unknown> = {
    eventVersion: hashSeed(call.service + who.userAgent) % 3 === 0 ? '1.09' : '1.08',
    userIdentity: who.userIdentity,
    eventTime: SLOT_TOKEN('T'),
    eventSource: `${call.service}.amazonaws.com`,
    eventName: call.name,
    awsRegion: p.region,
    sourceIPAddress: who.sourceIp,
    userAgent: who.userAgent,
  };
  if (options.errorCode !== undefined) {
    record.errorCode = options.errorCode;
    record.errorMessage = options.errorMessage;
  }
  record.requestParameters = call.request(p);
  record.responseElements = options.errorCode === undefined ? (call.response?.(p) ?? null) : null;
  record.requestID = SLOT_TOKEN(call.requestIdSlot ?? 'R');
  record.eventID = SLOT_TOKEN('E');
  record.readOnly = call.readOnly;
  if (call.resources) record.resources = call.resources(p);
  record.eventType = 'AwsApiCall';
  if (call.apiVersion !== undefined) record.apiVersion = call.apiVersion;
  record.managementEvent = true;
  record.recipientAccountId = p.account;
  record.eventCategory = 'Management';
  if (who.tls) {
    record.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: hostHeader(call.service, p.region),
    };
  }
  const tags: Tags = { ...NO_TAGS, ...who.tags, readOnly: call.readOnly };
  return compile(record, tags, p.account, p.region);
}

/** A case id of the account, one per `key`, in the documented shape `case-ACCOUNT-...-YYYY-hex`. */
export function supportCaseId(p: Place, key = ''): string {
  return `case-${p.account}-muen-2026-${stableHex(`${p.account}/case${key}`, 16)}`;
}

export type SupportApiCall = 'CreateCase' | 'DescribeCases' | 'AddCommunicationToCase' | 'ResolveCase';

/** A customer calling the AWS Support API: context, not a support call. */
export function supportApiTemplate(p: Place, name: SupportApiCall, caseKey = ''): Template {
  const who = iamUser(p, 'alice', '198.51.100.23', CLI_AGENT);
  const caseId = supportCaseId(p, caseKey);
  const requests = {
    CreateCase: {
      subject: 'Instances in eu-west-1 fail status checks',
      serviceCode: 'amazon-elastic-compute-cloud-linux',
      severityCode: 'high',
      categoryCode: 'instance-issue',
      communicationBody: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      language: 'en',
      issueType: 'technical',
    },
    DescribeCases: { includeResolvedCases: false, maxResults: 20, language: 'en' },
    AddCommunicationToCase: { caseId, communicationBody: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    ResolveCase: { caseId },
  };
  const responses = {
    CreateCase: { caseId },
    DescribeCases: null,
    AddCommunicationToCase: { result: true },
    ResolveCase: { initialCaseStatus: 'work-in-progress', finalCaseStatus: 'resolved' },
  };
  const record = {
    eventVersion: '1.09',
    userIdentity: who.userIdentity,
    eventTime: SLOT_TOKEN('T'),
    eventSource: SUPPORT_HOST,
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: who.sourceIp,
    userAgent: who.userAgent,
    requestParameters: requests[name],
    responseElements: responses[name],
    requestID: SLOT_TOKEN('R'),
    eventID: SLOT_TOKEN('E'),
    readOnly: name === 'DescribeCases',
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: p.account,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'support.us-east-1.amazonaws.com',
    },
  };
  return compile(
    record,
    { ...NO_TAGS, supportApi: true, readOnly: record.readOnly },
    p.account,
    record.awsRegion,
  );
}

/** A customer stopping or starting the recording of a trail: context that can explain a gap in the logs. */
export function trailChangeTemplate(p: Place, name: 'StopLogging' | 'StartLogging', trail: string): Template {
  const who = iamUser(p, 'alice', '198.51.100.23', CLI_AGENT);
  const record = {
    eventVersion: '1.09',
    userIdentity: who.userIdentity,
    eventTime: SLOT_TOKEN('T'),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: name,
    awsRegion: p.region,
    sourceIPAddress: who.sourceIp,
    userAgent: who.userAgent,
    requestParameters: { name: `arn:${p.partition}:cloudtrail:${p.region}:${p.account}:trail/${trail}` },
    responseElements: null,
    requestID: SLOT_TOKEN('R'),
    eventID: SLOT_TOKEN('E'),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: p.account,
    eventCategory: 'Management',
  };
  return compile(record, { ...NO_TAGS, trailChange: true, readOnly: false }, p.account, p.region);
}

/**
 * A support permit request by AWS Support, a service event shaped as the AWS Support user guide's example
 * (the request's ARN in `resources` and `serviceEventDetails`): context, not a support call.
 */
export function supportAuthzTemplate(p: Place): Template {
  const host = 'supportauthz.amazonaws.com';
  const requestArn = `arn:${p.partition}:supportauthz:${p.region}:${p.account}:supportpermitrequest/${stableHex(`${p.account}/permit-request`, 8)}-${stableHex(`${p.account}/permit-request/2`, 4)}`;
  const record = {
    eventVersion: '1.11',
    userIdentity: { accountId: p.account, invokedBy: host },
    eventTime: SLOT_TOKEN('T'),
    eventSource: host,
    eventName: 'SupportPermitRequestCreated',
    awsRegion: p.region,
    sourceIPAddress: host,
    userAgent: host,
    requestParameters: null,
    responseElements: null,
    eventID: SLOT_TOKEN('E'),
    readOnly: false,
    resources: [{ accountId: p.account, type: 'AWS::SupportAuthZ::SupportPermitRequest', ARN: requestArn }],
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: p.account,
    serviceEventDetails: { supportPermitRequestArn: requestArn },
    eventCategory: 'Management',
  };
  return compile(record, { ...NO_TAGS, supportAuthz: true, readOnly: false }, p.account, p.region);
}

/** A support permit as the sample grants it: its name, scope, conditions and case. */
export interface SamplePermit {
  readonly name: string;
  readonly actions: readonly string[];
  /** The resources' ARNs; none means all supported resources in the region (`allResourcesInRegion`). */
  readonly resources?: readonly string[];
  readonly allowAfter?: string;
  readonly allowBefore?: string;
  readonly caseDisplayId?: string;
}

export function supportPermitArn(p: Place, name: string): string {
  return `arn:${p.partition}:supportauthz:${p.region}:${p.account}:supportpermit/${name}`;
}

/**
 * A customer creating or deleting a support permit (CreateSupportPermit's request and response as the
 * supportauthz API reference gives them; no CloudTrail record of either is published): context.
 */
export function supportPermitTemplate(p: Place, call: 'create' | 'delete', permit: SamplePermit): Template {
  const who = iamUser(p, 'alice', '198.51.100.23', CLI_AGENT);
  const arn = supportPermitArn(p, permit.name);
  const conditions =
    permit.allowAfter === undefined && permit.allowBefore === undefined
      ? undefined
      : [{ allowAfter: permit.allowAfter, allowBefore: permit.allowBefore }];
  const create = {
    name: permit.name,
    permit: {
      actions: { actions: permit.actions },
      resources:
        permit.resources === undefined ? { allResourcesInRegion: {} } : { resources: permit.resources },
      ...(conditions === undefined ? {} : { conditions }),
    },
    signingKeyInfo: {
      kmsKey: `arn:${p.partition}:kms:${p.region}:${p.account}:key/${stableHex(`${p.account}/kms`, 8)}`,
    },
    ...(permit.caseDisplayId === undefined ? {} : { supportCaseDisplayId: permit.caseDisplayId }),
  };
  const record = {
    eventVersion: '1.11',
    userIdentity: who.userIdentity,
    eventTime: SLOT_TOKEN('T'),
    eventSource: 'supportauthz.amazonaws.com',
    eventName: call === 'create' ? 'CreateSupportPermit' : 'DeleteSupportPermit',
    awsRegion: p.region,
    sourceIPAddress: who.sourceIp,
    userAgent: who.userAgent,
    requestParameters: call === 'create' ? create : { supportPermitIdentifier: arn },
    responseElements: { arn, name: permit.name, status: call === 'create' ? 'ACTIVE' : 'DELETING' },
    requestID: SLOT_TOKEN('R'),
    eventID: SLOT_TOKEN('E'),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: p.account,
    eventCategory: 'Management',
  };
  return compile(record, { ...NO_TAGS, supportAuthz: true, readOnly: false }, p.account, p.region);
}
