/**
 * Writes SYNTHETIC CloudTrail logs in the layout CloudTrail delivers to S3, deterministically from a seed:
 * the small sample shipped in `examples/logs` (`--sample`), or bulk data for benchmarks. Every record is made
 * here; none is real AWS data. Both modes return what they planted, so tests and benchmarks know the answer.
 *
 *   npx tsx scripts/generate-logs.ts --sample --out examples/logs
 *   npx tsx scripts/generate-logs.ts --out bench/data --start 2026-11-02 --end 2026-11-08 \
 *     --accounts 111122223333,444455556666 --regions us-east-1,eu-west-1 --files-per-day 96 \
 *     --records-per-file 200 --support-calls-per-file 0.5 --seed 7
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { SUPPORT_HOST, SUPPORT_ROLE } from '../src/core/criteria.js';
import { addDays, eachDay, isCalendarDate, partitionDay } from '../src/core/dates.js';
import type { AuditWindow } from '../src/core/types.js';
import { SAMPLE_ACCOUNTS, SAMPLE_WINDOW } from '../src/core/sample.js';

const gzipAsync = promisify(gzip);

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness

/** Xorshift32 over a mixed seed: tiny, fast, and the same sequence on every platform. */
export class Random {
  private state: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x45d9f3b);
    s = Math.imul(s ^ (s >>> 16), 0x45d9f3b);
    s ^= s >>> 16;
    this.state = s >>> 0 || 0x2545f491;
  }

  uint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** A whole number from 0 to n - 1. */
  below(n: number): number {
    return Math.floor((this.uint32() / 0x1_0000_0000) * n);
  }

  /** A whole number from min to max, both included. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.below(alphabet.length)];
    return out;
  }

  /** A version-4-shaped UUID, as CloudTrail writes eventID and most requestIDs. */
  uuid(): string {
    const a = hex8(this.uint32());
    const b = hex8(this.uint32());
    const c = hex8(this.uint32());
    const d = hex8(this.uint32());
    const variant = '89ab'[this.below(4)];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A string hash to seed per-name randomness, so an id depends on its name only, not on generation order. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A stable IAM-style unique id (AIDA..., AROA..., ASIA...) for a named principal. */
function stableId(prefix: string, name: string): string {
  return prefix + new Random(hashSeed(`${prefix}:${name}`)).chars(UPPER_ALNUM, 17);
}

/** Stable lower-case hex, for instance ids, case ids and the like. */
function stableHex(name: string, length: number): string {
  return new Random(hashSeed(name)).chars('0123456789abcdef', length);
}

// ---------------------------------------------------------------------------------------------------------
// What a record says, and what it should count as

/** What a planted record is, declared by the code that plants it; tests check it against the record itself. */
export interface Tags {
  readonly sourceIp: boolean;
  readonly supportRole: boolean;
  readonly invokedBy: boolean;
  readonly supportApi: boolean;
  readonly supportAuthz: boolean;
  /** Matches the article's substring test `regexp_like(useridentity.arn, 'AWSServiceRoleForSupport')`. */
  readonly roleSubstring: boolean;
  /** Made to look like support access without being it (Trusted Advisor, service hosts, lookalike roles). */
  readonly lookalike: boolean;
  readonly readOnly: boolean;
}

const NO_TAGS: Tags = {
  sourceIp: false,
  supportRole: false,
  invokedBy: false,
  supportApi: false,
  supportAuthz: false,
  roleSubstring: false,
  lookalike: false,
  readOnly: true,
};

function isSupportCall(tags: Tags): boolean {
  return tags.sourceIp || tags.supportRole || tags.invokedBy;
}

export interface ExpectedCounts {
  /** Events matching any support criterion. */
  supportCalls: number;
  bySourceIp: number;
  bySupportRole: number;
  byInvokedBy: number;
  /** Support calls whose readOnly is not true. */
  writeCalls: number;
  supportApiCalls: number;
  supportAuthorizationEvents: number;
  /** What the article's substring match on the role name finds: the support role plus lookalike roles. */
  articleRoleSubstringMatches: number;
  /** Lookalike events (Trusted Advisor, service hosts, lookalike roles): none may count. */
  lookalikeEvents: number;
  byAccountAndRegion: Array<{ account: string; region: string; count: number }>;
}

class Tally {
  private readonly counts = {
    supportCalls: 0,
    bySourceIp: 0,
    bySupportRole: 0,
    byInvokedBy: 0,
    writeCalls: 0,
    supportApiCalls: 0,
    supportAuthorizationEvents: 0,
    articleRoleSubstringMatches: 0,
    lookalikeEvents: 0,
  };
  private readonly places = new Map<string, number>();

  add(tags: Tags, account: string, region: string, times = 1): void {
    const c = this.counts;
    if (isSupportCall(tags)) {
      c.supportCalls += times;
      if (!tags.readOnly) c.writeCalls += times;
      const place = `${account}\t${region}`;
      this.places.set(place, (this.places.get(place) ?? 0) + times);
    }
    if (tags.sourceIp) c.bySourceIp += times;
    if (tags.supportRole) c.bySupportRole += times;
    if (tags.invokedBy) c.byInvokedBy += times;
    if (tags.supportApi) c.supportApiCalls += times;
    if (tags.supportAuthz) c.supportAuthorizationEvents += times;
    if (tags.roleSubstring) c.articleRoleSubstringMatches += times;
    if (tags.lookalike) c.lookalikeEvents += times;
  }

  result(): ExpectedCounts {
    const byAccountAndRegion = [...this.places.entries()]
      .map(([place, count]) => {
        const [account, region] = place.split('\t') as [string, string];
        return { account, region, count };
      })
      .sort(
        (a, b) =>
          b.count - a.count ||
          a.account.localeCompare(b.account) ||
          (a.region < b.region ? -1 : a.region > b.region ? 1 : 0),
      );
    return { ...this.counts, byAccountAndRegion };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Record templates: a record serialised once with slots, rendered many times by filling the slots

/**
 * Slots in a template: T eventTime, C session creation time, E eventID, R a UUID request id, S an S3-style
 * request id. A slot used twice in one record gets the same value both times.
 */
type Slot = 'T' | 'C' | 'E' | 'R' | 'S';
const SLOT = /@@([TCERS])@@/;
const SLOT_TOKEN = (slot: Slot) => `@@${slot}@@`;

export interface Template {
  readonly tags: Tags;
  readonly account: string;
  readonly region: string;
  /** Text between slots; `slots[i]` sits between `parts[i]` and `parts[i + 1]`. */
  readonly parts: readonly string[];
  readonly slots: readonly Slot[];
}

function compile(record: object, tags: Tags, account: string, region: string): Template {
  const pieces = JSON.stringify(record).split(SLOT);
  const parts: string[] = [];
  const slots: Slot[] = [];
  pieces.forEach((piece, i) => (i % 2 === 0 ? parts.push(piece) : slots.push(piece as Slot)));
  return { tags, account, region, parts, slots };
}

function render(template: Template, eventTime: string, random: Random): string {
  let requestId: string | undefined;
  let s3RequestId: string | undefined;
  let out = template.parts[0]!;
  for (let i = 0; i < template.slots.length; i++) {
    switch (template.slots[i]) {
      case 'T':
        out += eventTime;
        break;
      case 'C':
        out += `${eventTime.slice(0, 14)}00:00Z`;
        break;
      case 'E':
        out += random.uuid();
        break;
      case 'R':
        out += requestId ??= random.uuid();
        break;
      case 'S':
        out += s3RequestId ??= random.chars(UPPER_ALNUM, 16);
        break;
    }
    out += template.parts[i + 1];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Accounts, identities and API calls

type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

interface Place {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
}

function place(account: string, region: string): Place {
  const partition: Partition = region.startsWith('us-gov-')
    ? 'aws-us-gov'
    : region.startsWith('cn-')
      ? 'aws-cn'
      : 'aws';
  return { account, region, partition };
}

/** Regions where CloudTrail records the calls to global services (IAM, S3 ListBuckets). */
function isHomeRegion(region: string): boolean {
  return region === 'us-east-1' || region === 'us-gov-west-1' || region === 'cn-north-1';
}

interface ApiCall {
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

const CALLS = {
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

type CallName = keyof typeof CALLS;

/** What AWS Support's role reads while looking into a case. */
const SUPPORT_READS: readonly CallName[] = [
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

function callsIn(region: string, names: readonly CallName[]): CallName[] {
  return names.filter((name) => !(CALLS[name] as ApiCall).global || isHomeRegion(region));
}

function hostHeader(service: string, region: string): string {
  if (service === 'iam')
    return region.startsWith('us-gov-') ? 'iam.us-gov.amazonaws.com' : 'iam.amazonaws.com';
  return `${service}.${region}.amazonaws.com`;
}

interface Identity {
  readonly userIdentity: object;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** Calls made by AWS services carry no TLS details of the caller. */
  readonly tls: boolean;
  readonly tags: Partial<Tags>;
}

function iamUser(p: Place, userName: string, sourceIp: string, userAgent: string): Identity {
  return {
    userIdentity: {
      type: 'IAMUser',
      principalId: stableId('AIDA', `${p.account}/${userName}`),
      arn: `arn:${p.partition}:iam::${p.account}:user/${userName}`,
      accountId: p.account,
      accessKeyId: stableId('AKIA', `${p.account}/${userName}`).slice(0, 20),
      userName,
    },
    sourceIp,
    userAgent,
    tls: true,
    tags: {},
  };
}

interface RoleOptions {
  readonly rolePath?: string;
  readonly session: string;
  readonly invokedBy?: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly mfa?: boolean;
  readonly tags?: Partial<Tags>;
}

function assumedRole(p: Place, roleName: string, options: RoleOptions): Identity {
  const roleId = stableId('AROA', `${p.account}/${roleName}`);
  const userIdentity: Record<string, unknown> = {
    type: 'AssumedRole',
    principalId: `${roleId}:${options.session}`,
    arn: `arn:${p.partition}:sts::${p.account}:assumed-role/${roleName}/${options.session}`,
    accountId: p.account,
    accessKeyId: stableId('ASIA', `${p.account}/${roleName}/${options.session}`).slice(0, 20),
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: `arn:${p.partition}:iam::${p.account}:role${options.rolePath ?? '/'}${roleName}`,
        accountId: p.account,
        userName: roleName,
      },
      webIdFederationData: {},
      attributes: { creationDate: SLOT_TOKEN('C'), mfaAuthenticated: String(options.mfa ?? false) },
    },
  };
  if (options.invokedBy !== undefined) userIdentity.invokedBy = options.invokedBy;
  return {
    userIdentity,
    sourceIp: options.sourceIp,
    userAgent: options.userAgent,
    tls: options.invokedBy === undefined,
    tags: { roleSubstring: roleName.includes(SUPPORT_ROLE), ...options.tags },
  };
}

const SUPPORT_ROLE_TAGS: Partial<Tags> = { sourceIp: true, supportRole: true, invokedBy: true };

/** The service-linked role AWS Support uses, as its calls appear in CloudTrail. */
function supportRole(p: Place, session: string): Identity {
  return assumedRole(p, SUPPORT_ROLE, {
    rolePath: `/aws-service-role/${SUPPORT_HOST}/`,
    session,
    invokedBy: SUPPORT_HOST,
    sourceIp: SUPPORT_HOST,
    userAgent: SUPPORT_HOST,
    tags: SUPPORT_ROLE_TAGS,
  });
}

/**
 * A hypothetical shape: the support role's call forwarded by another AWS service, so only the role ARN tells.
 * It keeps the three criteria apart in the sample (the role criterion alone finds it).
 */
function supportRoleForwarded(p: Place, session: string): Identity {
  return assumedRole(p, SUPPORT_ROLE, {
    rolePath: `/aws-service-role/${SUPPORT_HOST}/`,
    session,
    invokedBy: 'AWS Internal',
    sourceIp: 'AWS Internal',
    userAgent: 'AWS Internal',
    tags: { supportRole: true },
  });
}

/** How support calls looked before the service-linked role: the account's root, invoked by AWS Support. */
function legacySupportRoot(p: Place): Identity {
  return {
    userIdentity: {
      type: 'Root',
      principalId: p.account,
      arn: `arn:${p.partition}:iam::${p.account}:root`,
      accountId: p.account,
      invokedBy: SUPPORT_HOST,
    },
    sourceIp: SUPPORT_HOST,
    userAgent: SUPPORT_HOST,
    tls: false,
    tags: { sourceIp: true, invokedBy: true },
  };
}

function serviceRole(p: Place, roleName: string, host: string, session: string): Identity {
  return assumedRole(p, roleName, {
    rolePath: `/aws-service-role/${host}/`,
    session,
    invokedBy: host,
    sourceIp: host,
    userAgent: host,
    tags: { lookalike: true },
  });
}

const CLI_AGENT = 'aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.6';
const TERRAFORM_AGENT =
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.72.1 aws-sdk-go-v2/1.32.2';
const BOTO_AGENT =
  'Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.6';
const CONSOLE_AGENT = 'AWS Internal';

/** Ordinary and lookalike callers, each with the calls it makes. */
type NoiseKind =
  | 'cliUser'
  | 'terraformUser'
  | 'ssoAdmin'
  | 'instanceRole'
  | 'config'
  | 'cloudFormation'
  | 'trustedAdvisor'
  | 'lookalikeAuditRole'
  | 'lookalikeReaderRole';

const NOISE: Record<NoiseKind, { weight: number; calls: readonly CallName[]; who: (p: Place) => Identity }> =
  {
    cliUser: {
      weight: 20,
      calls: [
        'describeInstances',
        'describeSecurityGroups',
        'listBuckets',
        'getCallerIdentity',
        'createTags',
      ],
      who: (p) => iamUser(p, 'alice', '198.51.100.23', CLI_AGENT),
    },
    terraformUser: {
      weight: 15,
      calls: ['describeVpcs', 'describeSecurityGroups', 'getRole', 'getBucketPolicy', 'createTags'],
      who: (p) => iamUser(p, 'deploy-bot', '203.0.113.40', TERRAFORM_AGENT),
    },
    ssoAdmin: {
      weight: 15,
      calls: ['describeInstances', 'describeAlarms', 'listFunctions', 'describeDBInstances', 'listRoles'],
      who: (p) =>
        assumedRole(p, 'AWSReservedSSO_AdministratorAccess_4f2d1c0b9a8e7d6c', {
          rolePath: '/aws-reserved/sso.amazonaws.com/',
          session: 'alice@example.com',
          sourceIp: '192.0.2.77',
          userAgent: CONSOLE_AGENT,
          mfa: true,
        }),
    },
    instanceRole: {
      weight: 30,
      calls: ['getParameter', 'decrypt', 'createLogStream', 'listTables'],
      who: (p) =>
        assumedRole(p, 'orders-api-server', {
          session: `i-${stableHex(`${p.account}/${p.region}/instance`, 17)}`,
          sourceIp: '203.0.113.118',
          userAgent: BOTO_AGENT,
        }),
    },
    config: {
      weight: 8,
      calls: ['describeInstances', 'describeSecurityGroups', 'describeVolumes', 'getBucketPolicy'],
      who: (p) => serviceRole(p, 'AWSServiceRoleForConfig', 'config.amazonaws.com', 'AWSConfig-Describe'),
    },
    cloudFormation: {
      weight: 5,
      calls: ['describeSecurityGroups', 'getRole', 'createTags'],
      who: (p) =>
        assumedRole(p, 'cfn-deploy-role', {
          session: 'AWSCloudFormation',
          invokedBy: 'cloudformation.amazonaws.com',
          sourceIp: 'cloudformation.amazonaws.com',
          userAgent: 'cloudformation.amazonaws.com',
          tags: { lookalike: true },
        }),
    },
    trustedAdvisor: {
      weight: 5,
      calls: ['describeInstances', 'describeVolumes', 'listBuckets', 'getAccountSummary'],
      who: (p) =>
        serviceRole(p, 'AWSServiceRoleForTrustedAdvisor', 'trustedadvisor.amazonaws.com', 'TrustedAdvisor'),
    },
    lookalikeAuditRole: {
      weight: 1,
      calls: ['describeInstances', 'describeTrails'],
      who: (p) =>
        assumedRole(p, 'AWSServiceRoleForSupportAudit', {
          session: 'bob',
          sourceIp: '198.51.100.61',
          userAgent: CLI_AGENT,
          tags: { lookalike: true },
        }),
    },
    lookalikeReaderRole: {
      weight: 1,
      calls: ['listRoles', 'describeAlarms'],
      who: (p) =>
        assumedRole(p, 'MyAWSServiceRoleForSupportReader', {
          session: 'carol',
          sourceIp: '203.0.113.9',
          userAgent: BOTO_AGENT,
          tags: { lookalike: true },
        }),
    },
  };

interface EventOptions {
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** A management API call record, keys in the order CloudTrail writes them. */
function apiCallTemplate(p: Place, who: Identity, callName: CallName, options: EventOptions = {}): Template {
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
function supportApiTemplate(
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

/** A support authorization event (a service event, not a call): context, not a support call. */
function supportAuthzTemplate(p: Place): Template {
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

// ---------------------------------------------------------------------------------------------------------
// Files and keys

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-11-02T09:41:12Z`, as CloudTrail writes eventTime. */
function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `20261102T0941Z`, as CloudTrail names a file by its delivery minute. */
function fileStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}Z`;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

interface TrailPrefix {
  readonly prefix: string;
  readonly organizationId: string | undefined;
}

/** `[PREFIX/]AWSLogs/[o-ORG/]ACCOUNT/FOLDER/REGION/YYYY/MM/DD`. */
function dayFolder(
  trail: TrailPrefix,
  account: string,
  folder: string,
  region: string,
  date: string,
): string {
  return [trail.prefix, 'AWSLogs', trail.organizationId, account, folder, region, partitionDay(date)]
    .filter(Boolean)
    .join('/');
}

function logKey(trail: TrailPrefix, account: string, region: string, deliveredAt: number, random: Random) {
  const folder = dayFolder(trail, account, 'CloudTrail', region, dayOf(deliveredAt));
  return `${folder}/${account}_CloudTrail_${region}_${fileStamp(deliveredAt)}_${random.chars(ALNUM, 16)}.json.gz`;
}

function recordsFile(records: readonly string[]): string {
  return `{"Records":[${records.join(',')}]}`;
}

// ---------------------------------------------------------------------------------------------------------
// Bulk data

export interface GenerateLogsOptions {
  readonly outDir: string;
  /** First and last delivery day, `YYYY-MM-DD`; the counts cover events whose eventTime falls in them. */
  readonly start: string;
  readonly end: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly organizationId?: string;
  readonly prefix?: string;
  /** Log files per account, region and day. */
  readonly filesPerDay: number;
  readonly recordsPerFile: number;
  /** Support calls planted per file, among its records; a fraction plants one every so many files. */
  readonly supportCallsPerFile: number;
  readonly seed: number;
  /** gzip level, 6 (zlib's default) unless given. */
  readonly level?: number;
  /** Delete `[PREFIX/]AWSLogs` under outDir first. */
  readonly clean?: boolean;
  /**
   * Customer roles whose names contain the support role's name (default true). Without them the article's
   * substring match and the exact role match agree, as the differential test needs.
   */
  readonly roleLookalikes?: boolean;
}

export interface GenerateLogsResult {
  readonly files: number;
  readonly records: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  /** Counts over events whose eventTime falls from `start` to `end`, both days included. */
  readonly window: AuditWindow;
  readonly expected: ExpectedCounts;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function validate(options: GenerateLogsOptions): void {
  const fail = (message: string) => {
    throw new Error(`generate-logs: ${message}`);
  };
  if (!isCalendarDate(options.start) || !isCalendarDate(options.end))
    fail('start and end must be YYYY-MM-DD');
  if (options.end < options.start) fail('end is before start');
  if (options.accounts.length === 0 || !options.accounts.every((a) => ACCOUNT_ID.test(a))) {
    fail('accounts must be 12-digit account ids');
  }
  if (options.regions.length === 0 || !options.regions.every((r) => REGION_NAME.test(r))) {
    fail('regions must be region names such as us-east-1');
  }
  if (options.organizationId !== undefined && !ORGANIZATION_ID.test(options.organizationId)) {
    fail('organizationId must look like o- then 10 to 32 lowercase letters or digits');
  }
  if (options.prefix && !PREFIX.test(options.prefix))
    fail('prefix must be folder names separated by single slashes');
  for (const [name, value] of [
    ['filesPerDay', options.filesPerDay],
    ['recordsPerFile', options.recordsPerFile],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) fail(`${name} must be a whole number of at least 1`);
  }
  if (!(options.supportCallsPerFile >= 0) || options.supportCallsPerFile > options.recordsPerFile) {
    fail('supportCallsPerFile must be from 0 to recordsPerFile');
  }
  if (!Number.isInteger(options.seed)) fail('seed must be a whole number');
}

interface SourceTemplates {
  readonly support: readonly Template[];
  readonly legacy: Template;
  readonly write: Template | undefined;
  readonly noise: readonly Template[];
  /** Cumulative weights of `noise`, for a weighted pick. */
  readonly noiseWeights: readonly number[];
}

const ROLE_LOOKALIKES: ReadonlySet<NoiseKind> = new Set(['lookalikeAuditRole', 'lookalikeReaderRole']);

function sourceTemplates(
  p: Place,
  session: string,
  withContext: boolean,
  withRoleLookalikes = true,
): SourceTemplates {
  const role = supportRole(p, session);
  const noise: Template[] = [];
  const weights: number[] = [];
  let total = 0;
  const addNoise = (template: Template, weight: number) => {
    noise.push(template);
    total += weight;
    weights.push(total);
  };
  for (const kind of Object.keys(NOISE) as NoiseKind[]) {
    if (!withRoleLookalikes && ROLE_LOOKALIKES.has(kind)) continue;
    const { weight, calls, who } = NOISE[kind];
    const available = callsIn(p.region, calls);
    for (const call of available) addNoise(apiCallTemplate(p, who(p), call), weight / available.length);
  }
  if (withContext) {
    if (isHomeRegion(p.region)) addNoise(supportApiTemplate(p, 'DescribeCases'), 0.2);
    addNoise(supportAuthzTemplate(p), 0.05);
  }
  return {
    support: callsIn(p.region, SUPPORT_READS).map((call) => apiCallTemplate(p, role, call)),
    legacy: apiCallTemplate(p, legacySupportRoot(p), 'describeInstances'),
    write: isHomeRegion(p.region) ? apiCallTemplate(p, role, 'deleteSupportRole') : undefined,
    noise,
    noiseWeights: weights,
  };
}

function pickWeighted(templates: SourceTemplates, random: Random): Template {
  const weights = templates.noiseWeights;
  const target = (random.uint32() / 0x1_0000_0000) * weights[weights.length - 1]!;
  let low = 0;
  let high = weights.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (weights[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return templates.noise[low]!;
}

/** Runs async tasks with a bounded number in flight, keeping the first failure. */
class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const promise: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Bulk logs: for every day, account and region, `filesPerDay` files spread over the day, each holding
 * `recordsPerFile` records timed in the quarter hour before its delivery (so the first file of a day carries
 * some events of the day before, as real deliveries do). Support calls rotate through the support role's reads,
 * with a legacy Root call every 20th and the role deleting itself every 50th where IAM is recorded.
 */
export async function generateLogs(options: GenerateLogsOptions): Promise<GenerateLogsResult> {
  validate(options);
  const trail: TrailPrefix = { prefix: options.prefix ?? '', organizationId: options.organizationId };
  const random = new Random(options.seed);
  const level = options.level ?? 6;
  if (options.clean) {
    await rm(path.join(options.outDir, trail.prefix, 'AWSLogs'), { recursive: true, force: true });
  }
  const tally = new Tally();
  const templates = new Map<string, SourceTemplates>();
  for (const account of options.accounts) {
    for (const region of options.regions) {
      const session = `SupportSession-${stableHex(`${account}/session`, 10)}`;
      templates.set(
        `${account}/${region}`,
        sourceTemplates(place(account, region), session, true, options.roleLookalikes ?? true),
      );
    }
  }
  const pool = new TaskPool(Math.max(2, availableParallelism()));
  const folders = new Map<string, Promise<void>>();
  const slotMs = 86_400_000 / options.filesPerDay;
  let files = 0;
  let records = 0;
  let compressedBytes = 0;
  let uncompressedBytes = 0;
  let supportCarry = 0;
  let supportIndex = 0;

  for (const day of eachDay(options.start, options.end)) {
    const midnight = dayStart(day);
    for (const account of options.accounts) {
      for (const region of options.regions) {
        const source = templates.get(`${account}/${region}`)!;
        for (let f = 0; f < options.filesPerDay; f++) {
          const deliveredAt =
            Math.floor((midnight + f * slotMs + random.below(Math.max(1, slotMs))) / 60_000) * 60_000;
          supportCarry += options.supportCallsPerFile;
          const supportCalls = Math.floor(supportCarry);
          supportCarry -= supportCalls;
          const lines: string[] = new Array<string>(options.recordsPerFile);
          for (let r = 0; r < options.recordsPerFile; r++) {
            const eventTime = isoSeconds(deliveredAt - random.between(30, 900) * 1000);
            let template: Template;
            if (r < supportCalls) {
              supportIndex++;
              template =
                supportIndex % 50 === 0 && source.write
                  ? source.write
                  : supportIndex % 20 === 0
                    ? source.legacy
                    : source.support[supportIndex % source.support.length]!;
            } else {
              template = pickWeighted(source, random);
            }
            lines[r] = render(template, eventTime, random);
            const date = eventTime.slice(0, 10);
            if (date >= options.start && date <= options.end) tally.add(template.tags, account, region);
          }
          const key = logKey(trail, account, region, deliveredAt, random);
          const body = Buffer.from(recordsFile(lines));
          files++;
          records += lines.length;
          uncompressedBytes += body.length;
          const folder = key.slice(0, key.lastIndexOf('/'));
          let folderReady = folders.get(folder);
          if (!folderReady) {
            folderReady = mkdir(path.join(options.outDir, folder), { recursive: true }).then(() => undefined);
            // Awaited by every write into the folder; a failure surfaces there.
            folderReady.catch(() => undefined);
            folders.set(folder, folderReady);
          }
          const ready = folderReady;
          await pool.add(async () => {
            await ready;
            const compressed = await gzipAsync(body, { level });
            compressedBytes += compressed.length;
            await writeFile(path.join(options.outDir, key), compressed);
          });
        }
      }
    }
  }
  await pool.drain();
  return {
    files,
    records,
    compressedBytes,
    uncompressedBytes,
    window: { start: options.start, end: options.end },
    expected: tally.result(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The shipped sample

export const SAMPLE_SEED = 20261102;

const { production: PRODUCTION, staging: STAGING, govCloud: GOVCLOUD } = SAMPLE_ACCOUNTS;

/** The sample's account and region folders, in the plain (non-organization) layout. */
const SAMPLE_SOURCES: ReadonlyArray<{ account: string; region: string; filesPerDay: number }> = [
  { account: PRODUCTION, region: 'us-east-1', filesPerDay: 4 },
  { account: PRODUCTION, region: 'eu-west-1', filesPerDay: 3 },
  { account: STAGING, region: 'us-east-1', filesPerDay: 3 },
  { account: STAGING, region: 'eu-west-1', filesPerDay: 3 },
  { account: GOVCLOUD, region: 'us-gov-west-1', filesPerDay: 2 },
];

type PlantedKind =
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
  | 'supportAuthz';

interface PlantedGroup {
  readonly kind: PlantedKind;
  readonly account: string;
  readonly region: string;
  /** eventTime of the first event; the others follow seconds apart. */
  readonly at: string;
  readonly count?: number;
  readonly calls?: readonly CallName[];
  readonly supportApiCall?: 'CreateCase' | 'DescribeCases' | 'AddCommunicationToCase';
  /** Deliver the group's file truncated, as a corrupt object. */
  readonly corrupt?: boolean;
  readonly note: string;
}

/**
 * Every event that matters to the audit, placed by hand so each shape and edge sits at a known day. Each group
 * is delivered in its own file a few minutes after its last event, beside a little background traffic.
 */
const SAMPLE_PLAN: readonly PlantedGroup[] = [
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
    note: 'customer opening a support case: context',
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

interface PlannedRecord {
  readonly time: string;
  readonly json: string;
  readonly template: Template;
}

interface PlannedFile {
  readonly account: string;
  readonly region: string;
  readonly deliveredAt: number;
  readonly records: PlannedRecord[];
  readonly corrupt: boolean;
}

function plantedTemplates(group: PlantedGroup, p: Place, random: Random): Template[] {
  const count = group.count ?? 1;
  const session = `SupportSession-${group.at.slice(0, 10).replaceAll('-', '')}-${random.chars('0123456789abcdef', 6)}`;
  const calls = (available: readonly CallName[]) => {
    const list = group.calls ?? callsIn(p.region, available);
    return Array.from({ length: count }, (_, i) =>
      group.calls ? list[i % list.length]! : random.pick(list),
    );
  };
  const each = (who: Identity, available: readonly CallName[], options?: EventOptions) =>
    calls(available).map((call) => apiCallTemplate(p, who, call, options));
  switch (group.kind) {
    case 'supportRole':
    case 'supportRoleWrite':
      return each(supportRole(p, session), SUPPORT_READS);
    case 'supportRoleDenied':
      return each(supportRole(p, session), SUPPORT_READS, {
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
      });
    case 'supportRoleForwarded':
      return each(supportRoleForwarded(p, session), SUPPORT_READS);
    case 'legacyRoot':
      return each(legacySupportRoot(p), ['describeInstances', 'describeVolumes', 'describeSecurityGroups']);
    case 'supportApi':
      return [supportApiTemplate(p, group.supportApiCall ?? 'DescribeCases')];
    case 'supportAuthz':
      return [supportAuthzTemplate(p)];
    default: {
      const noise = NOISE[group.kind];
      return each(noise.who(p), noise.calls);
    }
  }
}

function backgroundRecords(
  p: Place,
  templates: SourceTemplates,
  deliveredAt: number,
  count: number,
  random: Random,
): PlannedRecord[] {
  return Array.from({ length: count }, () => {
    const template = pickWeighted(templates, random);
    const time = isoSeconds(deliveredAt - random.between(30, 900) * 1000);
    return { time, json: render(template, time, random), template };
  });
}

function planSample(random: Random): PlannedFile[] {
  const files: PlannedFile[] = [];
  const days = eachDay(addDays(SAMPLE_WINDOW.start, -1), addDays(SAMPLE_WINDOW.end, 1));
  const background = new Map<string, SourceTemplates>();
  for (const source of SAMPLE_SOURCES) {
    const p = place(source.account, source.region);
    const templates = sourceTemplates(p, 'unused', false);
    background.set(`${source.account}/${source.region}`, templates);
    for (const day of days) {
      const hours = 24 / source.filesPerDay;
      for (let f = 0; f < source.filesPerDay; f++) {
        const minute = f * hours * 60 + random.between(2, hours * 60 - 20);
        const deliveredAt = dayStart(day) + minute * 60_000;
        const records = backgroundRecords(p, templates, deliveredAt, random.between(3, 6), random);
        files.push({ account: p.account, region: p.region, deliveredAt, records, corrupt: false });
      }
    }
  }
  for (const group of SAMPLE_PLAN) {
    const p = place(group.account, group.region);
    let time = Date.parse(group.at);
    const records = plantedTemplates(group, p, random).map((template, i) => {
      if (i > 0) time += random.between(4, 40) * 1000;
      const iso = isoSeconds(time);
      return { time: iso, json: render(template, iso, random), template };
    });
    const deliveredAt = Math.floor((time + random.between(4, 8) * 60_000) / 60_000) * 60_000;
    const templates = background.get(`${group.account}/${group.region}`);
    if (!templates) throw new Error(`no sample source ${group.account}/${group.region}`);
    if (!days.includes(dayOf(deliveredAt)))
      throw new Error(`group at ${group.at} is delivered outside the sample`);
    records.push(...backgroundRecords(p, templates, deliveredAt, random.between(1, 3), random));
    files.push({ ...p, deliveredAt, records, corrupt: group.corrupt === true });
  }
  return files;
}

export interface SampleManifest {
  readonly seed: number;
  readonly window: AuditWindow;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Day folders written, first and last (the window plus a day either side). */
  readonly days: { readonly first: string; readonly last: string };
  /** Objects under `CloudTrail/`, the unreadable one included. */
  readonly logFiles: number;
  /** Records in the readable log files, every day folder. */
  readonly records: number;
  /** What an audit of the window must report. */
  readonly expected: ExpectedCounts;
  /** Keys, relative to the sample folder, the audit must list as unreadable. */
  readonly unreadableFiles: readonly string[];
  /** Support calls written but not to be counted. */
  readonly notCounted: {
    readonly supportCallsOutsideWindow: number;
    readonly supportCallsInUnreadableFiles: number;
  };
  /** Siblings of the CloudTrail folders the audit must not read. */
  readonly siblings: { readonly digest: readonly string[]; readonly insight: readonly string[] };
}

async function writeObject(outDir: string, key: string, body: Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(outDir, key)), { recursive: true });
  await writeFile(path.join(outDir, key), body);
}

interface DigestedFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  readonly hashValue: string;
  readonly hashAlgorithm: string;
  readonly newestEventTime: string;
  readonly oldestEventTime: string;
}

function digestBody(account: string, region: string, start: number, end: number, files: DigestedFile[]) {
  const bucket = 'amzn-s3-demo-bucket';
  const name = (ms: number) =>
    `AWSLogs/${account}/CloudTrail-Digest/${region}/${partitionDay(dayOf(ms))}/${account}_CloudTrail-Digest_${region}_management-events_${region}_${fileStamp(ms).replace('Z', '00Z')}.json.gz`;
  return {
    key: name(end),
    body: {
      awsAccountId: account,
      digestStartTime: isoSeconds(start),
      digestEndTime: isoSeconds(end),
      digestS3Bucket: bucket,
      digestS3Object: name(end),
      digestPublicKeyFingerprint: createHash('md5').update(`${account}/${region}`).digest('hex'),
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: files.map((f) => f.newestEventTime).sort()[files.length - 1] ?? null,
      oldestEventTime: files.map((f) => f.oldestEventTime).sort()[0] ?? null,
      previousDigestS3Bucket: bucket,
      previousDigestS3Object: name(start),
      previousDigestHashValue: createHash('sha256').update(name(start)).digest('hex'),
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: createHash('sha512').update(name(start)).digest('hex'),
      logFiles: files,
    },
  };
}

function insightRecords(p: Place, random: Random): string {
  const shared = random.uuid();
  const record = (state: 'Start' | 'End', time: string) => ({
    eventVersion: '1.08',
    eventTime: time,
    awsRegion: p.region,
    eventID: random.uuid(),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: p.account,
    sharedEventID: shared,
    insightDetails: {
      state,
      eventSource: SUPPORT_HOST,
      eventName: 'DescribeCases',
      insightType: 'ApiCallRateInsight',
      insightContext: {
        statistics: {
          baseline: { average: 0.0125 },
          insight: { average: 4 },
          ...(state === 'End' ? { insightDuration: 3 } : {}),
        },
      },
    },
    eventCategory: 'Insight',
  });
  return JSON.stringify({
    Records: [record('Start', '2026-11-04T12:01:00Z'), record('End', '2026-11-04T12:04:00Z')],
  });
}

/**
 * Writes the shipped sample into `outDir` (replacing any `AWSLogs` folder there) and returns what it planted.
 * The same outDir content comes out of every run, byte for byte, on the same Node.js zlib.
 */
export async function generateSample(outDir: string): Promise<SampleManifest> {
  const random = new Random(SAMPLE_SEED);
  await rm(path.join(outDir, 'AWSLogs'), { recursive: true, force: true });
  const trail: TrailPrefix = { prefix: '', organizationId: undefined };
  const planned = planSample(random);
  const firstDay = addDays(SAMPLE_WINDOW.start, -1);
  const lastDay = addDays(SAMPLE_WINDOW.end, 1);
  const readFirst = SAMPLE_WINDOW.start;
  const readLast = addDays(SAMPLE_WINDOW.end, 1);

  const written: Array<{ key: string; deliveredAt: number; bytes: Buffer; account: string; region: string }> =
    [];
  const tally = new Tally();
  const unreadableFiles: string[] = [];
  let records = 0;
  let outsideWindow = 0;
  let inUnreadable = 0;
  for (const file of planned) {
    const key = logKey(trail, file.account, file.region, file.deliveredAt, random);
    const sorted = [...file.records].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    let bytes = gzipSync(Buffer.from(recordsFile(sorted.map((r) => r.json))), { level: 6 });
    const delivery = dayOf(file.deliveredAt);
    const read = delivery >= readFirst && delivery <= readLast;
    if (file.corrupt) {
      bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
      unreadableFiles.push(key);
    } else {
      records += sorted.length;
    }
    for (const record of sorted) {
      const date = record.time.slice(0, 10);
      const inWindow = date >= SAMPLE_WINDOW.start && date <= SAMPLE_WINDOW.end;
      const { tags, account, region } = record.template;
      if (!isSupportCall(tags)) {
        if (inWindow && read && !file.corrupt) tally.add(tags, account, region);
      } else if (file.corrupt) inUnreadable++;
      else if (!inWindow || !read) outsideWindow++;
      else tally.add(tags, account, region);
    }
    written.push({ key, deliveredAt: file.deliveredAt, bytes, account: file.account, region: file.region });
  }
  written.sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const file of written) await writeObject(outDir, file.key, file.bytes);

  // A digest for the hour of the production trail's first us-east-1 delivery on 2026-11-03, listing its files.
  const production = written.filter((f) => f.account === PRODUCTION && f.region === 'us-east-1');
  const firstOfDay = Math.min(
    ...production.filter((f) => dayOf(f.deliveredAt) === '2026-11-03').map((f) => f.deliveredAt),
  );
  const digestEnd = Math.floor(firstOfDay / 3_600_000) * 3_600_000 + 3_600_000;
  const digestStart = digestEnd - 3_600_000;
  const covered = production
    .filter((f) => f.deliveredAt >= digestStart && f.deliveredAt < digestEnd)
    .map((f) => ({
      s3Bucket: 'amzn-s3-demo-bucket',
      s3Object: f.key,
      hashValue: createHash('sha256').update(f.bytes).digest('hex'),
      hashAlgorithm: 'SHA-256',
      newestEventTime: isoSeconds(f.deliveredAt - 60_000),
      oldestEventTime: isoSeconds(f.deliveredAt - 900_000),
    }));
  const digest = digestBody(PRODUCTION, 'us-east-1', digestStart, digestEnd, covered);
  await writeObject(outDir, digest.key, gzipSync(Buffer.from(JSON.stringify(digest.body)), { level: 6 }));

  const insightAt = Date.parse('2026-11-04T12:09:00Z');
  const insightKey =
    `${dayFolder(trail, PRODUCTION, 'CloudTrail-Insight', 'us-east-1', dayOf(insightAt))}/` +
    `${PRODUCTION}_CloudTrail-Insight_us-east-1_${fileStamp(insightAt)}_${random.chars(ALNUM, 16)}.json.gz`;
  const insightPlace = place(PRODUCTION, 'us-east-1');
  await writeObject(
    outDir,
    insightKey,
    gzipSync(Buffer.from(insightRecords(insightPlace, random)), { level: 6 }),
  );

  return {
    seed: SAMPLE_SEED,
    window: SAMPLE_WINDOW,
    accounts: [...new Set(SAMPLE_SOURCES.map((s) => s.account))],
    regions: [...new Set(SAMPLE_SOURCES.map((s) => s.region))],
    days: { first: firstDay, last: lastDay },
    logFiles: written.length,
    records,
    expected: tally.result(),
    unreadableFiles,
    notCounted: { supportCallsOutsideWindow: outsideWindow, supportCallsInUnreadableFiles: inUnreadable },
    siblings: { digest: [digest.key], insight: [insightKey] },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Command line

function list(value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new Error(`generate-logs: --${name} must be a number`);
  return parsed;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string' },
      sample: { type: 'boolean', default: false },
      start: { type: 'string' },
      end: { type: 'string' },
      accounts: { type: 'string' },
      regions: { type: 'string' },
      'organization-id': { type: 'string' },
      prefix: { type: 'string' },
      'files-per-day': { type: 'string' },
      'records-per-file': { type: 'string' },
      'support-calls-per-file': { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      clean: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.out === undefined) throw new Error('generate-logs: --out DIR is required');
  const started = Date.now();
  if (values.sample) {
    const manifest = await generateSample(values.out);
    const e = manifest.expected;
    console.log(
      `Wrote the SYNTHETIC sample to ${values.out}: ${manifest.logFiles} log files, ${manifest.records} records; ` +
        `window ${manifest.window.start}..${manifest.window.end}: ${e.supportCalls} support calls ` +
        `(sourceIp ${e.bySourceIp}, supportRole ${e.bySupportRole}, invokedBy ${e.byInvokedBy}, write ${e.writeCalls}), ` +
        `${e.supportApiCalls} support API calls, ${e.supportAuthorizationEvents} authorization events, ` +
        `${manifest.unreadableFiles.length} unreadable file`,
    );
    return;
  }
  const result = await generateLogs({
    outDir: values.out,
    start: values.start ?? SAMPLE_WINDOW.start,
    end: values.end ?? SAMPLE_WINDOW.end,
    accounts: list(values.accounts, [PRODUCTION]),
    regions: list(values.regions, ['us-east-1']),
    organizationId: values['organization-id'],
    prefix: values.prefix,
    filesPerDay: number('files-per-day', values['files-per-day'], 24),
    recordsPerFile: number('records-per-file', values['records-per-file'], 100),
    supportCallsPerFile: number('support-calls-per-file', values['support-calls-per-file'], 1),
    seed: number('seed', values.seed, 1),
    level: number('level', values.level, 6),
    clean: values.clean,
  });
  const e = result.expected;
  console.log(
    `Wrote ${result.files} SYNTHETIC log files to ${values.out}: ${result.records} records, ` +
      `${megabytes(result.uncompressedBytes)} uncompressed, ${megabytes(result.compressedBytes)} gzipped, ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s; ${result.window.start}..${result.window.end}: ` +
      `${e.supportCalls} support calls (sourceIp ${e.bySourceIp}, supportRole ${e.bySupportRole}, ` +
      `invokedBy ${e.byInvokedBy}, write ${e.writeCalls})`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
