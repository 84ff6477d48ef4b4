import { projectionOf } from '../src/engines/athena/projection.js';
import { describe, expect, it } from 'vitest';
import { tableLayout, type TableLayoutInput } from '../src/core/layout.js';

const BASE: TableLayoutInput = {
  root: 's3://trail-bucket/',
  prefix: '',
  organizationId: undefined,
  accounts: ['111122223333'],
  regions: ['us-east-1'],
  projectionStart: '2024-01-01',
};

const property = (input: TableLayoutInput, key: string) =>
  projectionOf(tableLayout(input)).properties.find(([k]) => k === key)?.[1];

describe('table layouts', () => {
  it("one account and one region is the article's layout: a timestamp partition only", () => {
    const layout = tableLayout(BASE);
    expect(layout.kind).toBe('single');
    expect(layout.partitions).toEqual(['timestamp']);
    expect(layout.location).toBe('s3://trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1');
    expect(projectionOf(layout).storageTemplate).toBe(
      's3://trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/${timestamp}',
    );
  });

  it('several regions add an enum region partition and put LOCATION at CloudTrail/', () => {
    const input = { ...BASE, regions: ['us-east-1', 'eu-west-1'] };
    const layout = tableLayout(input);
    expect(layout.kind).toBe('regions');
    expect(layout.partitions).toEqual(['region', 'timestamp']);
    expect(layout.location).toBe('s3://trail-bucket/AWSLogs/111122223333/CloudTrail');
    expect(projectionOf(layout).storageTemplate).toBe(
      's3://trail-bucket/AWSLogs/111122223333/CloudTrail/${region}/${timestamp}',
    );
    expect(property(input, 'projection.region.type')).toBe('enum');
    expect(property(input, 'projection.region.values')).toBe('us-east-1,eu-west-1');
  });

  it('several accounts add an account partition without pointing LOCATION at AWSLogs/', () => {
    const input = { ...BASE, accounts: ['111122223333', '444455556666'] };
    const layout = tableLayout(input);
    expect(layout.kind).toBe('accounts');
    expect(layout.partitions).toEqual(['account', 'timestamp']);
    expect(projectionOf(layout).storageTemplate).toBe(
      's3://trail-bucket/AWSLogs/${account}/CloudTrail/us-east-1/${timestamp}',
    );
    expect(layout.location).toBe('s3://trail-bucket/AWSLogs/111122223333/CloudTrail');
    expect(property(input, 'projection.account.values')).toBe('111122223333,444455556666');
  });

  it('an organization trail has an account partition under the organization id, even for one account', () => {
    const input = { ...BASE, organizationId: 'o-abcdefghij', regions: ['us-east-1', 'eu-west-1'] };
    const layout = tableLayout(input);
    expect(layout.kind).toBe('accounts-and-regions');
    expect(layout.partitions).toEqual(['account', 'region', 'timestamp']);
    expect(layout.location).toBe('s3://trail-bucket/AWSLogs/o-abcdefghij');
    expect(projectionOf(layout).storageTemplate).toBe(
      's3://trail-bucket/AWSLogs/o-abcdefghij/${account}/CloudTrail/${region}/${timestamp}',
    );
  });

  it("projects a large organization's accounts as injected values, not a long enum", () => {
    const accounts = Array.from({ length: 500 }, (_, i) => String(100000000000 + i));
    const regions = Array.from({ length: 20 }, (_, i) => `us-east-${i + 1}`);
    const input = { ...BASE, organizationId: 'o-abcdefghij', accounts, regions };
    expect(property(input, 'projection.account.type')).toBe('injected');
    expect(property(input, 'projection.account.values')).toBeUndefined();
    expect(property(input, 'projection.region.type')).toBe('enum');
    const few = { ...input, accounts: accounts.slice(0, 40) };
    expect(property(few, 'projection.account.type')).toBe('enum');
  });

  it('puts the key prefix before AWSLogs/ and never writes //', () => {
    for (const input of [
      { ...BASE, prefix: 'org/trails' },
      {
        ...BASE,
        prefix: 'org/trails',
        accounts: ['111122223333', '444455556666'],
        regions: ['us-east-1', 'eu-west-1'],
      },
      { ...BASE, prefix: 'x', organizationId: 'o-abcdefghij' },
    ]) {
      const layout = tableLayout(input);
      expect(
        projectionOf(layout).storageTemplate.startsWith(`s3://trail-bucket/${input.prefix}/AWSLogs/`),
      ).toBe(true);
      for (const path of [layout.location, projectionOf(layout).storageTemplate]) {
        expect(path.replace('s3://', '')).not.toContain('//');
        expect(path).not.toMatch(/\/AWSLogs\/?$/);
      }
    }
  });
});
