/** The management API calls the generator records, as CloudTrail writes their request and response. */
import { SUPPORT_ROLE } from '../../src/core/criteria.js';
import { isHomeRegion, type Place } from './places.js';
import { hashSeed, Random, stableHex } from './random.js';
import { SLOT_TOKEN, type Slot } from './templates.js';

export interface ApiCall {
  readonly service: string;
  readonly name: string;
  readonly readOnly: boolean;
  /** Recorded only in the partition's home region. */
  readonly global?: boolean;
  readonly apiVersion?: string;
  readonly requestIdSlot?: Slot;
  readonly request: (p: Place) => object | null;
  readonly response?: (p: Place) => object | null;
  readonly resources?: (p: Place) => object[];
}

const bucketName = (p: Place) => `app-logs-${p.account}-${p.region}`;

export const CALLS = {
  describeInstances: {
    service: 'ec2',
    name: 'DescribeInstances',
    readOnly: true,
    request: () => ({ instancesSet: {}, filterSet: {} }),
  },
  describeSecurityGroups: {
    service: 'ec2',
    name: 'DescribeSecurityGroups',
    readOnly: true,
    request: () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }),
  },
  describeVpcs: {
    service: 'ec2',
    name: 'DescribeVpcs',
    readOnly: true,
    request: () => ({ vpcSet: {}, filterSet: {} }),
  },
  describeVolumes: {
    service: 'ec2',
    name: 'DescribeVolumes',
    readOnly: true,
    request: () => ({ volumeSet: {}, filterSet: {}, maxResults: 500 }),
  },
  createTags: {
    service: 'ec2',
    name: 'CreateTags',
    readOnly: false,
    request: (p) => ({
      resourcesSet: { items: [{ resourceId: `i-${stableHex(`${p.account}/${p.region}/instance`, 17)}` }] },
      tagSet: { items: [{ key: 'team', value: 'payments' }] },
    }),
    response: () => ({ requestId: SLOT_TOKEN('R'), _return: true }),
  },
  describeDBInstances: {
    service: 'rds',
    name: 'DescribeDBInstances',
    readOnly: true,
    apiVersion: '2014-10-31',
    request: () => null,
  },
  listFunctions: {
    service: 'lambda',
    name: 'ListFunctions20150331',
    readOnly: true,
    apiVersion: '2015-03-31',
    request: () => null,
  },
  describeAlarms: {
    service: 'monitoring',
    name: 'DescribeAlarms',
    readOnly: true,
    request: () => ({ maxRecords: 100 }),
  },
  describeLoadBalancers: {
    service: 'elasticloadbalancing',
    name: 'DescribeLoadBalancers',
    readOnly: true,
    apiVersion: '2015-12-01',
    request: () => null,
  },
  describeAutoScalingGroups: {
    service: 'autoscaling',
    name: 'DescribeAutoScalingGroups',
    readOnly: true,
    request: () => null,
  },
  describeTrails: {
    service: 'cloudtrail',
    name: 'DescribeTrails',
    readOnly: true,
    request: () => ({ includeShadowTrails: true }),
  },
  listTables: { service: 'dynamodb', name: 'ListTables', readOnly: true, request: () => null },
  getRole: {
    service: 'iam',
    name: 'GetRole',
    readOnly: true,
    global: true,
    request: () => ({ roleName: 'app-server' }),
  },
  listRoles: { service: 'iam', name: 'ListRoles', readOnly: true, global: true, request: () => null },
  getAccountSummary: {
    service: 'iam',
    name: 'GetAccountSummary',
    readOnly: true,
    global: true,
    request: () => null,
  },
  deleteSupportRole: {
    service: 'iam',
    name: 'DeleteRole',
    readOnly: false,
    global: true,
    request: () => ({ roleName: SUPPORT_ROLE }),
  },
  listBuckets: {
    service: 's3',
    name: 'ListBuckets',
    readOnly: true,
    global: true,
    requestIdSlot: 'S',
    request: () => ({ Host: 's3.amazonaws.com' }),
  },
  getBucketPolicy: {
    service: 's3',
    name: 'GetBucketPolicy',
    readOnly: true,
    requestIdSlot: 'S',
    request: (p) => ({
      bucketName: bucketName(p),
      Host: `${bucketName(p)}.s3.${p.region}.amazonaws.com`,
      policy: '',
    }),
    resources: (p) => [
      { accountId: p.account, type: 'AWS::S3::Bucket', ARN: `arn:${p.partition}:s3:::${bucketName(p)}` },
    ],
  },
  createLogStream: {
    service: 'logs',
    name: 'CreateLogStream',
    readOnly: false,
    request: () => ({
      logGroupName: '/aws/lambda/orders-api',
      logStreamName: '[$LATEST]7c1e9a0d4b2f48c6a3e5d9b1f0c2e4a6',
    }),
  },
  decrypt: {
    service: 'kms',
    name: 'Decrypt',
    readOnly: true,
    request: () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
    resources: (p) => [
      {
        accountId: p.account,
        type: 'AWS::KMS::Key',
        ARN: `arn:${p.partition}:kms:${p.region}:${p.account}:key/${new Random(hashSeed(p.account + p.region)).uuid()}`,
      },
    ],
  },
  getParameter: {
    service: 'ssm',
    name: 'GetParameter',
    readOnly: true,
    request: () => ({ name: '/orders-api/database/host', withDecryption: false }),
  },
  getCallerIdentity: { service: 'sts', name: 'GetCallerIdentity', readOnly: true, request: () => null },
} satisfies Record<string, ApiCall>;

export type CallName = keyof typeof CALLS;

/** What AWS Support's role reads while looking into a case. */
export const SUPPORT_READS: readonly CallName[] = [
  'describeInstances',
  'describeSecurityGroups',
  'describeVpcs',
  'describeVolumes',
  'describeDBInstances',
  'listFunctions',
  'describeAlarms',
  'describeLoadBalancers',
  'describeAutoScalingGroups',
  'describeTrails',
  'listTables',
  'getRole',
  'listRoles',
  'getAccountSummary',
  'listBuckets',
  'getBucketPolicy',
];

export function callsIn(region: string, names: readonly CallName[]): CallName[] {
  return names.filter((name) => !(CALLS[name] as ApiCall).global || isHomeRegion(region));
}

export function hostHeader(service: string, region: string): string {
  if (service === 'iam')
    return region.startsWith('us-gov-') ? 'iam.us-gov.amazonaws.com' : 'iam.amazonaws.com';
  return `${service}.${region}.amazonaws.com`;
}
