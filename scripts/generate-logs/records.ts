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

function supportCaseId(p: Place): string {
  return `case-${p.account}-muen-2026-${stableHex(`${p.account}/case`, 16)}`;
}

/** A customer calling the AWS Support API: context, not a support call. */
export function supportApiTemplate(
  p: Place,
  name: 'CreateCase' | 'DescribeCases' | 'AddCommunicationToCase',
): Template {
  const who = iamUser(p, 'alice', '198.51.100.23', CLI_AGENT);
  const caseId = supportCaseId(p);
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
    responseElements:
      name === 'CreateCase' ? { caseId } : name === 'AddCommunicationToCase' ? { result: true } : null,
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

/** A support authorization event (a service event, not a call): context, not a support call. */
export function supportAuthzTemplate(p: Place): Template {
  const host = 'supportauthz.amazonaws.com';
  const record = {
    eventVersion: '1.09',
    userIdentity: { type: 'AWSService', invokedBy: host },
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
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: p.account,
    serviceEventDetails: {
      permitRequestId: `pr-${stableHex(`${p.account}/permit`, 12)}`,
      caseId: supportCaseId(p),
      requestedActions: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'],
    },
    eventCategory: 'Management',
  };
  return compile(record, { ...NO_TAGS, supportAuthz: true, readOnly: false }, p.account, p.region);
}
