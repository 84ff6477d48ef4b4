/** What a record says, and what it should count as: the tags planted records carry and their tally. */

/** What a planted record is, declared by the code that plants it; tests check it against the record itself. */
export interface Tags {
  readonly sourceIp: boolean;
  readonly supportRole: boolean;
  readonly invokedBy: boolean;
  readonly supportApi: boolean;
  readonly supportAuthz: boolean;
  /** A CloudTrail call that changes what a trail records (StopLogging and the like). */
  readonly trailChange: boolean;
  /** Matches the article's substring test `regexp_like(useridentity.arn, 'AWSServiceRoleForSupport')`. */
  readonly roleSubstring: boolean;
  /** Made to look like support access without being it (Trusted Advisor, service hosts, lookalike roles). */
  readonly lookalike: boolean;
  readonly readOnly: boolean;
}

export const NO_TAGS: Tags = {
  sourceIp: false,
  supportRole: false,
  invokedBy: false,
  supportApi: false,
  supportAuthz: false,
  trailChange: false,
  roleSubstring: false,
  lookalike: false,
  readOnly: true,
};

export function isSupportCall(tags: Tags): boolean {
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
  trailChanges: number;
  /** Support calls delivered again (same eventID and account): counted once, these extra deliveries aside. */
  duplicateDeliveries: number;
  /** What the article's substring match on the role name finds: the support role plus lookalike roles. */
  articleRoleSubstringMatches: number;
  /** Lookalike events (Trusted Advisor, service hosts, lookalike roles): none may count. */
  lookalikeEvents: number;
  byAccountAndRegion: Array<{ account: string; region: string; count: number }>;
}

export class Tally {
  private readonly counts = {
    supportCalls: 0,
    bySourceIp: 0,
    bySupportRole: 0,
    byInvokedBy: 0,
    writeCalls: 0,
    supportApiCalls: 0,
    supportAuthorizationEvents: 0,
    trailChanges: 0,
    duplicateDeliveries: 0,
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
    if (tags.trailChange) c.trailChanges += times;
    if (tags.roleSubstring) c.articleRoleSubstringMatches += times;
    if (tags.lookalike) c.lookalikeEvents += times;
  }

  /** A record delivered again: one more delivery, not one more call (the article's queries still count it). */
  addDelivery(tags: Tags): void {
    if (isSupportCall(tags)) this.counts.duplicateDeliveries += 1;
    if (tags.roleSubstring) this.counts.articleRoleSubstringMatches += 1;
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
