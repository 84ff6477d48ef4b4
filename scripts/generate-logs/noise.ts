/** Background traffic: who else calls the APIs around support calls, and how often, lookalikes included. */
import type { CallName } from './api-calls.js';
import {
  assumedRole,
  BOTO_AGENT,
  CLI_AGENT,
  CONSOLE_AGENT,
  iamUser,
  serviceRole,
  TERRAFORM_AGENT,
  type Identity,
} from './identities.js';
import type { Place } from './places.js';
import { stableHex } from './random.js';

/** Ordinary and lookalike callers, each with the calls it makes. */
export type NoiseKind =
  | 'cliUser'
  | 'terraformUser'
  | 'ssoAdmin'
  | 'instanceRole'
  | 'config'
  | 'cloudFormation'
  | 'trustedAdvisor'
  | 'lookalikeAuditRole'
  | 'lookalikeReaderRole';

export const NOISE: Record<
  NoiseKind,
  { weight: number; calls: readonly CallName[]; who: (p: Place) => Identity }
> = {
  cliUser: {
    weight: 20,
    calls: ['describeInstances', 'describeSecurityGroups', 'listBuckets', 'getCallerIdentity', 'createTags'],
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
