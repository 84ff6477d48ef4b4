/** Where a record is made: an account and region, and the partition that names its ARNs. */

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

export interface Place {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
}

export function place(account: string, region: string): Place {
  const partition: Partition = region.startsWith('us-gov-')
    ? 'aws-us-gov'
    : region.startsWith('cn-')
      ? 'aws-cn'
      : 'aws';
  return { account, region, partition };
}

/** Regions where CloudTrail records the calls to global services (IAM, S3 ListBuckets). */
export function isHomeRegion(region: string): boolean {
  return region === 'us-east-1' || region === 'us-gov-west-1' || region === 'cn-north-1';
}
