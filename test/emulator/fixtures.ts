/**
 * CloudTrail log files for emulator tests, written in the trail bucket's key layout. The records are
 * synthetic: no public log of a call by AWSServiceRoleForSupport exists, so their shape follows the
 * documented fields of such a call.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TrailFile {
  readonly bucket: string;
  readonly account: string;
  readonly region: string;
  /** The delivery day, `YYYY-MM-DD`: the folder the file lands in. */
  readonly day: string;
  readonly records: readonly object[];
  readonly prefix?: string;
  readonly organizationId?: string;
  /** Defaults to CloudTrail's own naming. */
  readonly name?: string;
}

export interface WrittenFile {
  readonly key: string;
  readonly uri: string;
  readonly bytes: number;
}

export async function writeTrailFile(bucketsDir: string, file: TrailFile): Promise<WrittenFile> {
  const folder = [
    file.prefix,
    'AWSLogs',
    file.organizationId,
    file.account,
    'CloudTrail',
    file.region,
    file.day.replaceAll('-', '/'),
  ]
    .filter(Boolean)
    .join('/');
  const stamp = file.day.replaceAll('-', '');
  const name = file.name ?? `${file.account}_CloudTrail_${file.region}_${stamp}T0000Z_${stamp}abcdef.json.gz`;
  const key = `${folder}/${name}`;
  const absolute = path.join(bucketsDir, file.bucket, key);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, gzipSync(JSON.stringify({ Records: file.records })));
  return { key, uri: `s3://${file.bucket}/${key}`, bytes: (await stat(absolute)).size };
}

export interface EventFields {
  readonly account: string;
  readonly region: string;
  readonly eventTime: string;
  readonly eventId: string;
  readonly eventName?: string;
  readonly eventSource?: string;
  readonly userAgent?: string;
  readonly errorCode?: string;
}

/** A read call made by AWS Support through its service-linked role. */
export function supportCall(fields: EventFields): object {
  const session = 'support-session';
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLESUPPORT:${session}`,
      arn: `arn:aws:sts::${fields.account}:assumed-role/AWSServiceRoleForSupport/${session}`,
      accountId: fields.account,
      invokedBy: 'support.amazonaws.com',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLESUPPORT',
          arn: `arn:aws:iam::${fields.account}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
          accountId: fields.account,
          userName: 'AWSServiceRoleForSupport',
        },
        attributes: { creationDate: fields.eventTime, mfaAuthenticated: 'false' },
      },
    },
    eventTime: fields.eventTime,
    eventSource: fields.eventSource ?? 'ec2.amazonaws.com',
    eventName: fields.eventName ?? 'DescribeInstances',
    awsRegion: fields.region,
    sourceIPAddress: 'support.amazonaws.com',
    userAgent: fields.userAgent ?? 'support.amazonaws.com',
    ...(fields.errorCode ? { errorCode: fields.errorCode, errorMessage: 'denied' } : {}),
    requestParameters: { maxResults: 100 },
    responseElements: null,
    requestID: `request-${fields.eventId}`,
    eventID: fields.eventId,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: fields.account,
    eventCategory: 'Management',
  };
}

/** A call by one of the account's own users: not support access. */
export function userCall(fields: EventFields): object {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER',
      arn: `arn:aws:iam::${fields.account}:user/alice`,
      accountId: fields.account,
      userName: 'alice',
    },
    eventTime: fields.eventTime,
    eventSource: fields.eventSource ?? 's3.amazonaws.com',
    eventName: fields.eventName ?? 'ListBuckets',
    awsRegion: fields.region,
    sourceIPAddress: '198.51.100.7',
    userAgent: fields.userAgent ?? 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: `request-${fields.eventId}`,
    eventID: fields.eventId,
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: fields.account,
    eventCategory: 'Management',
  };
}
