/**
 * What counts as a call by AWS Support, and what is context beside it, record by record: the single scan's SQL
 * run by the local engine over one trail file holding a synthetic record per case (no real public log of a
 * call by AWS Support exists; see test/emulator/fixtures.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_PREDICATES, SUPPORT_CRITERIA } from '../src/core/criteria.js';
import { rowObjects, type TableRequest } from '../src/core/engine.js';
import { QUERY_SETS } from '../src/core/query-sets/index.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { supportCall, userCall, writeTrailFile } from './emulator/fixtures.js';
import { TRAIL_CHANGES } from './helpers/count-logs.js';

const ACCOUNT = '111122223333';
const DAY = '2026-11-10';
const WINDOW = { start: DAY, end: DAY, lateDeliveryDays: 1 };

type Json = Record<string, unknown>;
type Identity = Json & { sessionContext?: { sessionIssuer?: Json } };
const at = { account: ACCOUNT, region: 'us-east-1', eventTime: `${DAY}T08:00:00Z` };

/** A call by the support role, as CloudTrail records it, with its identity and fields changed by `edit`. */
function roleCall(eventId: string, edit: (record: Json, identity: Identity) => void = () => {}): Json {
  const record = supportCall({ ...at, eventId }) as Json;
  edit(record, record.userIdentity as Identity);
  return record;
}

/** The support role seen through its ARN only: no support.amazonaws.com in sourceIPAddress or invokedBy. */
function roleOnly(eventId: string, edit: (identity: Identity) => void = () => {}): Json {
  return roleCall(eventId, (record, identity) => {
    record.sourceIPAddress = '203.0.113.9';
    delete identity.invokedBy;
    edit(identity);
  });
}

const inPartition = (partition: string) => (identity: Identity) => {
  identity.arn = (identity.arn as string).replace('arn:aws:', `arn:${partition}:`);
  const issuer = identity.sessionContext!.sessionIssuer!;
  issuer.arn = (issuer.arn as string).replace('arn:aws:', `arn:${partition}:`);
};

const withIssuer = (arn: string) => (identity: Identity) => {
  identity.sessionContext!.sessionIssuer!.arn = arn;
};

const ISSUER = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`;

function ownCall(eventId: string, fields: { eventSource?: string; eventName?: string } = {}): Json {
  return userCall({ ...at, eventId, ...fields }) as Json;
}

const RECORDS: Json[] = [
  roleCall('role-call'),
  roleOnly('role-only'),
  roleOnly('role-in-govcloud', inPartition('aws-us-gov')),
  roleOnly('role-in-china', inPartition('aws-cn')),
  roleOnly('role-in-sovereign-cloud', inPartition('aws-eusc')),
  roleOnly('role-in-iso', inPartition('aws-iso')),
  roleOnly('role-in-iso-b', inPartition('aws-iso-b')),
  roleOnly('role-in-iso-e', inPartition('aws-iso-e')),
  roleOnly('role-in-iso-f', inPartition('aws-iso-f')),
  roleOnly('role-in-made-up-partition', inPartition('aws-xx')),
  roleOnly('role-in-made-up-iso-partition', inPartition('aws-iso-x')),
  roleOnly('role-with-anonymised-account', (identity) => {
    identity.arn = 'arn:aws:sts::ANONYMIZED:assumed-role/AWSServiceRoleForSupport/support-session';
    identity.sessionContext!.sessionIssuer!.arn = ISSUER.replace(ACCOUNT, 'ANONYMIZED');
  }),
  roleOnly('role-without-session-issuer', (identity) => {
    delete identity.sessionContext;
  }),
  roleOnly('lookalike-role-name', (identity) => {
    identity.arn = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForSupportTools/support-session`;
    identity.sessionContext!.sessionIssuer!.arn = `arn:aws:iam::${ACCOUNT}:role/AWSServiceRoleForSupportTools`;
  }),
  roleOnly('role-arn-inside-another-arn', (identity) => {
    identity.arn = `x-arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForSupport/support-session`;
  }),
  roleOnly('lookalike-role-without-issuer', (identity) => {
    identity.arn = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForSupportTools/support-session`;
    delete identity.sessionContext;
  }),
  roleOnly('role-not-assumed', (identity) => {
    identity.arn = `arn:aws:sts::${ACCOUNT}:role/AWSServiceRoleForSupport/support-session`;
    delete identity.sessionContext;
  }),
  roleOnly(
    'role-under-another-path',
    withIssuer(`arn:aws:iam::${ACCOUNT}:role/custom/AWSServiceRoleForSupport`),
  ),
  roleOnly(
    'issuer-under-service-name-path',
    withIssuer(`arn:aws:iam::${ACCOUNT}:role/support.amazonaws.com/AWSServiceRoleForSupport`),
  ),
  roleOnly(
    'issuer-path-lookalike',
    withIssuer(ISSUER.replace('support.amazonaws.com', 'support-amazonaws-com')),
  ),
  roleOnly('issuer-name-lookalike', withIssuer(`${ISSUER}Tools`)),
  roleOnly('issuer-inside-another-arn', withIssuer(`x-${ISSUER}`)),
  roleCall('root-call-by-support', (record, identity) => {
    for (const key of Object.keys(identity)) delete identity[key];
    Object.assign(identity, { type: 'Root', principalId: ACCOUNT, invokedBy: 'support.amazonaws.com' });
    record.sourceIPAddress = 'support.amazonaws.com';
  }),
  roleCall('source-ip-only', (record) => {
    Object.assign(record, { userIdentity: { type: 'Root', principalId: ACCOUNT } });
  }),
  roleCall('invoked-by-only', (record) => {
    record.sourceIPAddress = '203.0.113.9';
    Object.assign(record, { userIdentity: { type: 'AWSService', invokedBy: 'support.amazonaws.com' } });
  }),
  roleCall('support-api-by-the-role', (record) => {
    Object.assign(record, { eventSource: 'support.amazonaws.com', eventName: 'DescribeCases' });
  }),
  roleCall('support-api-by-support-as-root', (record) => {
    Object.assign(record, {
      eventSource: 'support.amazonaws.com',
      eventName: 'DescribeCases',
      userIdentity: { type: 'Root', principalId: ACCOUNT, invokedBy: 'support.amazonaws.com' },
    });
  }),
  ownCall('support-api-by-a-user', { eventSource: 'support.amazonaws.com', eventName: 'CreateCase' }),
  {
    ...ownCall('support-api-without-identity', { eventSource: 'support.amazonaws.com' }),
    userIdentity: null,
  },
  ownCall('another-service-by-a-user'),
  ownCall('support-authorization', {
    eventSource: 'supportauthz.amazonaws.com',
    eventName: 'CreateSupportPermit',
  }),
  ...TRAIL_CHANGES.map((eventName) =>
    ownCall(`trail-change-${eventName}`, { eventSource: 'cloudtrail.amazonaws.com', eventName }),
  ),
  ownCall('trail-read', { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' }),
  ownCall('stop-logging-elsewhere', { eventSource: 'logs.amazonaws.com', eventName: 'StopLogging' }),
];

const CRITERIA: readonly string[] = SUPPORT_CRITERIA.map((c) => c.name);
const CONTEXT: readonly string[] = CONTEXT_PREDICATES.map((c) => c.name);
const PREDICATES = [...SUPPORT_CRITERIA, ...CONTEXT_PREDICATES];

let root: string;
/**
 * The names of the criteria and context predicates each record matched, by eventID. A scan that fails fails
 * every case below with its error.
 */
let scanned: Promise<Map<string, string[]>>;

async function scanRecords(): Promise<Map<string, string[]>> {
  root = await mkdtemp(path.join(tmpdir(), 'support-audit-criteria-'));
  const bucketsDir = path.join(root, 'buckets');
  await writeTrailFile(bucketsDir, {
    bucket: 'trail',
    account: ACCOUNT,
    region: 'us-east-1',
    day: DAY,
    records: RECORDS,
  });
  const request: TableRequest = {
    database: 'default',
    table: 'cloudtrail_logs_pp',
    source: 'cloudtrail',
    window: WINDOW,
    layouts: [
      {
        root: '',
        prefix: '',
        organizationId: undefined,
        accounts: [],
        regions: [],
        projectionStart: '2013-11-01',
      },
    ],
  };
  const engine = await LocalEngine.open({ logsDir: path.join(bucketsDir, 'trail') });
  try {
    const { tables, source } = await engine.prepare(request);
    const [scan] = QUERY_SETS['single-scan'].statements(tables, WINDOW, source);
    const rows = rowObjects(await engine.run(scan!)).filter((row) => row.event_id !== null);
    return new Map(
      rows.map((row) => [row.event_id!, PREDICATES.filter((p) => row[p.flag] === 'true').map((p) => p.name)]),
    );
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  scanned = scanRecords();
  await scanned.catch(() => undefined);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const matched = async (eventId: string) => (await scanned).get(eventId);
const criteriaOf = async (eventId: string) =>
  ((await matched(eventId)) ?? []).filter((n) => CRITERIA.includes(n));
const contextOf = async (eventId: string) =>
  ((await matched(eventId)) ?? []).filter((n) => CONTEXT.includes(n));

describe('a call by the support role', () => {
  it('as CloudTrail records it meets all three criteria, and is no context line', async () => {
    expect(await criteriaOf('role-call')).toEqual(['sourceIp', 'supportRole', 'invokedBy']);
    expect(await contextOf('role-call')).toEqual([]);
  });

  it('is recognised by its ARN alone, without support.amazonaws.com anywhere else', async () => {
    expect(await criteriaOf('role-only')).toEqual(['supportRole']);
  });

  it.each([
    ['AWS GovCloud (US)', 'role-in-govcloud'],
    ['China', 'role-in-china'],
    ['the AWS European Sovereign Cloud', 'role-in-sovereign-cloud'],
    ['the isolated partition aws-iso', 'role-in-iso'],
    ['the isolated partition aws-iso-b', 'role-in-iso-b'],
    ['the isolated partition aws-iso-e', 'role-in-iso-e'],
    ['the isolated partition aws-iso-f', 'role-in-iso-f'],
  ])('is recognised in %s', async (_partition, eventId) => {
    expect(await criteriaOf(eventId)).toEqual(['supportRole']);
  });

  it('is not recognised in a partition that does not exist', async () => {
    expect(await criteriaOf('role-in-made-up-partition')).toEqual([]);
    expect(await criteriaOf('role-in-made-up-iso-partition')).toEqual([]);
  });

  it('is recognised when the log anonymises the account id', async () => {
    expect(await criteriaOf('role-with-anonymised-account')).toEqual(['supportRole']);
  });

  it('is recognised when the record names no session issuer', async () => {
    expect(await criteriaOf('role-without-session-issuer')).toEqual(['supportRole']);
  });
});

describe('what looks like the support role but is not', () => {
  it.each([
    ['a role whose name only begins with the support role name', 'lookalike-role-name'],
    ['such a role in a record without session issuer', 'lookalike-role-without-issuer'],
    ['an ARN that holds the support role ARN after other text', 'role-arn-inside-another-arn'],
    ['a role ARN rather than an assumed-role session', 'role-not-assumed'],
    ['a customer role of that name under another path', 'role-under-another-path'],
    ['a customer role of that name under a path named after the service', 'issuer-under-service-name-path'],
    ['an issuer whose path only resembles the service path', 'issuer-path-lookalike'],
    ['an issuer whose name only begins with the support role name', 'issuer-name-lookalike'],
    ['an issuer ARN after other text', 'issuer-inside-another-arn'],
  ])('%s', async (_case, eventId) => {
    expect(await criteriaOf(eventId)).toEqual([]);
  });
});

describe('the other criteria', () => {
  it('an older call as Root, made by AWS Support, meets the source IP and invokedBy criteria', async () => {
    expect(await criteriaOf('root-call-by-support')).toEqual(['sourceIp', 'invokedBy']);
  });

  it('sourceIPAddress support.amazonaws.com alone is a support call', async () => {
    expect(await criteriaOf('source-ip-only')).toEqual(['sourceIp']);
  });

  it('userIdentity.invokedBy support.amazonaws.com alone is a support call', async () => {
    expect(await criteriaOf('invoked-by-only')).toEqual(['invokedBy']);
  });

  it("a call by the account's own user meets none", async () => {
    expect(await matched('another-service-by-a-user')).toBeUndefined();
  });
});

describe('context beside the support calls', () => {
  it("a call to the Support API by the account's own user is context, not a support call", async () => {
    expect(await matched('support-api-by-a-user')).toEqual(['supportApiCalls']);
  });

  it('a call to the Support API by a record without userIdentity is context too', async () => {
    expect(await matched('support-api-without-identity')).toEqual(['supportApiCalls']);
  });

  it('a call to the Support API by the support role is a support call, not context', async () => {
    expect(await contextOf('support-api-by-the-role')).toEqual([]);
    expect(await criteriaOf('support-api-by-the-role')).toEqual(['sourceIp', 'supportRole', 'invokedBy']);
  });

  it('a call to the Support API by AWS Support as Root, matched by some criteria only, is a support call', async () => {
    expect(await matched('support-api-by-support-as-root')).toEqual(['sourceIp', 'invokedBy']);
  });

  it('an AWS Support authorization event is context', async () => {
    expect(await matched('support-authorization')).toEqual(['supportAuthorizationEvents']);
  });

  it.each(TRAIL_CHANGES.map((name) => [name]))('CloudTrail %s changes what a trail records', async (name) => {
    expect(await matched(`trail-change-${name}`)).toEqual(['trailChanges']);
  });

  it('a CloudTrail call that only reads, or a call of that name to another service, is not a trail change', async () => {
    expect(await matched('trail-read')).toBeUndefined();
    expect(await matched('stop-logging-elsewhere')).toBeUndefined();
  });
});

describe('how the reports explain each criterion and context line', () => {
  it.each([
    ['sourceIp', /sourceIPAddress is support\.amazonaws\.com/],
    ['supportRole', /service-linked role AWSServiceRoleForSupport itself/],
    ['invokedBy', /userIdentity\.invokedBy is support\.amazonaws\.com/],
    ['supportApiCalls', /AWS Support API by your own principals/],
    ['supportAuthorizationEvents', /eventSource supportauthz\.amazonaws\.com/],
    [
      'trailChanges',
      /StopLogging, StartLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors/,
    ],
  ])('%s', (name, description) => {
    expect(PREDICATES.find((p) => p.name === name)!.description).toMatch(description);
  });
});
