/** Who makes a call: IAM users, assumed roles, AWS Support's role and its older Root shape, service roles. */
import { SUPPORT_HOST, SUPPORT_ROLE } from '../../src/core/criteria.js';
import type { Tags } from './counts.js';
import type { Place } from './places.js';
import { stableId } from './random.js';
import { SLOT_TOKEN } from './templates.js';

export interface Identity {
  readonly userIdentity: object;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** Calls made by AWS services carry no TLS details of the caller. */
  readonly tls: boolean;
  readonly tags: Partial<Tags>;
}

export function iamUser(p: Place, userName: string, sourceIp: string, userAgent: string): Identity {
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

export function assumedRole(p: Place, roleName: string, options: RoleOptions): Identity {
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

/** A service-linked role, its calls made by the service it belongs to (`host`). */
function serviceLinkedRole(
  p: Place,
  roleName: string,
  host: string,
  session: string,
  tags: Partial<Tags>,
): Identity {
  return assumedRole(p, roleName, {
    rolePath: `/aws-service-role/${host}/`,
    session,
    invokedBy: host,
    sourceIp: host,
    userAgent: host,
    tags,
  });
}

/** The service-linked role AWS Support uses, as its calls appear in CloudTrail. */
export function supportRole(p: Place, session: string): Identity {
  return serviceLinkedRole(p, SUPPORT_ROLE, SUPPORT_HOST, session, SUPPORT_ROLE_TAGS);
}

/**
 * A hypothetical shape: the support role's call forwarded by another AWS service, so only the role ARN tells.
 * It keeps the three criteria apart in the sample (the role criterion alone finds it).
 */
export function supportRoleForwarded(p: Place, session: string): Identity {
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
export function legacySupportRoot(p: Place): Identity {
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

/** Another service's service-linked role: a lookalike of support access. */
export function serviceRole(p: Place, roleName: string, host: string, session: string): Identity {
  return serviceLinkedRole(p, roleName, host, session, { lookalike: true });
}

export const CLI_AGENT =
  'aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.6';
export const TERRAFORM_AGENT =
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.72.1 aws-sdk-go-v2/1.32.2';
export const BOTO_AGENT =
  'Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.6';
export const CONSOLE_AGENT = 'AWS Internal';
