/**
 * The parts of a record the explanation reads beyond the event fields: its request parameters, response
 * elements, service event details and resources, each as JSON text. A trail's table holds them as CloudTrail
 * wrote them (nested objects); Security Lake keeps them in `unmapped` under dotted keys, arrays as `[]` and
 * several values joined by commas, and its relation presents the keys listed here as one flat object per part.
 * Either way a value is read by the same path (`permit.conditions[].allowAfter`).
 */

/** The record parts, by their CloudTrail key. */
export const DETAIL_PARTS = ['requestParameters', 'responseElements', 'serviceEventDetails'] as const;
export type DetailPart = (typeof DETAIL_PARTS)[number];

/** Request parameters that name the resource a call reads: the identifiers a session lists beside ARNs. */
export const RESOURCE_KEYS = [
  'roleName',
  'userName',
  'groupName',
  'policyArn',
  'bucketName',
  'instanceId',
  'functionName',
  'stackName',
  'tableName',
  'dBInstanceIdentifier',
  'dBClusterIdentifier',
  'clusterName',
  'logGroupName',
  'keyId',
  'resourceArn',
] as const;

/** Every path the explanation reads, per part: what Security Lake's relation must present. */
export const DETAIL_PATHS: Readonly<Record<DetailPart, readonly string[]>> = {
  requestParameters: [
    'caseId',
    'subject',
    'name',
    'trailName',
    'supportCaseDisplayId',
    'supportPermitIdentifier',
    'permit.actions.actions[]',
    'permit.actions.allActions',
    'permit.resources.resources[]',
    'permit.resources.allResourcesInRegion',
    'permit.conditions[].allowAfter',
    'permit.conditions[].allowBefore',
    ...RESOURCE_KEYS,
  ],
  responseElements: ['caseId', 'arn', 'name'],
  serviceEventDetails: ['supportPermitRequestArn', 'supportCaseDisplayId'],
};

/** A record's parts as the scan returns them: JSON text, or null. */
export interface RawDetails {
  readonly requestParameters: string | null;
  readonly responseElements: string | null;
  readonly serviceEventDetails: string | null;
  readonly resources: string | null;
}

export const NO_DETAILS: RawDetails = {
  requestParameters: null,
  responseElements: null,
  serviceEventDetails: null,
  resources: null,
};

function parsed(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The values at `path` of a nested object: `[]` steps into each element of an array. */
function nestedValues(node: unknown, steps: readonly string[]): unknown[] {
  if (steps.length === 0) return Array.isArray(node) ? node : [node];
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  const [step, ...rest] = steps;
  const many = step!.endsWith('[]');
  const child = (node as Record<string, unknown>)[many ? step!.slice(0, -2) : step!];
  if (child === undefined || child === null) return [];
  if (many) return Array.isArray(child) ? child.flatMap((item) => nestedValues(item, rest)) : [];
  return nestedValues(child, rest);
}

/** Reads the parts of one record by path, whichever shape its source gives them. */
export class RecordDetails {
  private readonly parts: Readonly<Record<DetailPart, unknown>>;
  private readonly resourceList: unknown;

  constructor(raw: RawDetails) {
    this.parts = {
      requestParameters: parsed(raw.requestParameters),
      responseElements: parsed(raw.responseElements),
      serviceEventDetails: parsed(raw.serviceEventDetails),
    };
    this.resourceList = parsed(raw.resources);
  }

  /** The text values at `path`; a flat key's value is split at its commas, as Security Lake joins a list. */
  values(part: DetailPart, path: string): string[] {
    const node = this.parts[part];
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
    const flat = (node as Record<string, unknown>)[path];
    if (flat !== undefined) {
      const value = scalar(flat);
      if (value === null) return [];
      const joined = path.includes('.') || path.endsWith('[]');
      return joined ? value.split(',').filter((v) => v !== '') : [value];
    }
    return nestedValues(node, path.split('.'))
      .map(scalar)
      .filter((v): v is string => v !== null && v !== '');
  }

  /** The first text value at `path`, or null. */
  first(part: DetailPart, path: string): string | null {
    return this.values(part, path)[0] ?? null;
  }

  /** Whether `path` is there at all, an empty object (`allActions: {}`) included. */
  has(part: DetailPart, path: string): boolean {
    const node = this.parts[part];
    if (node === null || typeof node !== 'object') return false;
    const record = node as Record<string, unknown>;
    if (record[path] !== undefined && record[path] !== null) return true;
    return nestedValues(node, path.split('.')).some((v) => v !== undefined && v !== null);
  }

  /** The ARNs of the record's resources (`ARN` in CloudTrail, `arn` in Athena's JSON, `uid` in OCSF). */
  resourceArns(): string[] {
    if (!Array.isArray(this.resourceList)) return [];
    return this.resourceList
      .map((r) => {
        if (r === null || typeof r !== 'object') return null;
        const item = r as Record<string, unknown>;
        return scalar(item.ARN ?? item.arn ?? item.uid);
      })
      .filter((v): v is string => v !== null && v !== '');
  }

  /** The identifiers the request parameters name under RESOURCE_KEYS. */
  requestIdentifiers(): string[] {
    return RESOURCE_KEYS.flatMap((key) => this.values('requestParameters', key));
  }
}
