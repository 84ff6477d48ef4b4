/**
 * The single-scan query set must give the article's five answers exactly as the seed set (the article's own
 * queries) does, on every dataset where no role name merely contains the support role's name.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLogs, generateSample, type SampleManifest } from '../scripts/generate-logs/index.js';
import { ARTICLE_LIMIT } from '../src/core/result.js';
import type { AuditResult } from '../src/core/result.js';
import { auditLocal } from './helpers/audit-local.js';

const sortedGroups = (result: AuditResult) =>
  [...result.article.byIdentityAndSource].sort((a, b) =>
    JSON.stringify([a.username, a.eventSource]).localeCompare(JSON.stringify([b.username, b.eventSource])),
  );

/**
 * The article's queries count every delivery of a call; the single scan counts each call once. Every call the
 * logs here deliver twice matches the sourceIp criterion, so the seed set's count is higher by exactly the
 * duplicate deliveries the single scan folded.
 */
function expectAgreement(seed: AuditResult, single: AuditResult, options: { roleLookalikes: boolean }) {
  const folded = single.totals.duplicateDeliveries!;
  expect(seed.article.numberOfCalls).toBe(single.article.numberOfCalls + folded);
  expect(seed.totals.bySourceIp).toBe(single.totals.bySourceIp! + folded);
  const groups = (result: AuditResult) =>
    sortedGroups(result).map(({ username, eventSource }) => [username, eventSource]);
  const calls = (result: AuditResult) =>
    result.article.byIdentityAndSource.reduce((sum, g) => sum + g.count, 0);
  expect(groups(seed)).toEqual(groups(single));
  expect(calls(seed)).toBe(calls(single) + folded);
  // Query 2 has no ORDER BY: compare which rows, not their order.
  const sourceIpIds = new Set(single.events.filter((e) => e.bySourceIp).map((e) => e.eventId));
  expect(seed.article.calls).toHaveLength(Math.min(ARTICLE_LIMIT, single.article.numberOfCalls));
  for (const call of seed.article.calls) expect(sourceIpIds.has(call.eventId)).toBe(true);
  if (options.roleLookalikes) return;
  const roleArns = new Set(single.roleArns.map((r) => r.arn));
  const principals = new Set(single.principalIds.map((p) => p.principalId));
  const roleCalls = single.totals.bySupportRole!;
  expect(seed.article.roleArns).toHaveLength(Math.min(ARTICLE_LIMIT, roleCalls));
  expect(seed.article.principalIds).toHaveLength(Math.min(ARTICLE_LIMIT, roleCalls));
  for (const arn of seed.article.roleArns) expect(roleArns.has(arn)).toBe(true);
  for (const id of seed.article.principalIds) expect(principals.has(id)).toBe(true);
}

describe('seed and single-scan agree', () => {
  let generated: string;
  let window: { start: string; end: string };

  beforeAll(async () => {
    generated = await mkdtemp(path.join(tmpdir(), 'support-audit-diff-'));
    const result = await generateLogs({
      outDir: generated,
      start: '2026-10-01',
      end: '2026-10-04',
      accounts: ['111122223333', '444455556666'],
      regions: ['us-east-1', 'eu-west-1'],
      filesPerDay: 2,
      recordsPerFile: 40,
      supportCallsPerFile: 2,
      seed: 7,
      roleLookalikes: false,
    });
    window = result.window;
    expect(result.expected.articleRoleSubstringMatches).toBe(result.expected.bySupportRole);
  });

  it.each(['single account and region', 'several accounts and regions'])(
    'on generated logs: %s',
    async (kind) => {
      const scope =
        kind === 'single account and region' ? { account: '111122223333', region: 'eu-west-1' } : {};
      const inputs = { 'start-date': window.start, 'end-date': window.end, ...scope };
      const seed = await auditLocal(generated, { ...inputs, 'query-set': 'seed', 'require-logs': 'false' });
      const single = await auditLocal(generated, inputs);
      expect(single.totals.supportCalls).toBeGreaterThan(ARTICLE_LIMIT);
      expectAgreement(seed, single, { roleLookalikes: false });
    },
  );

  it('on the sample, except that the article substring-matches lookalike roles', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-diff-sample-'));
    const manifest: SampleManifest = await generateSample(dir);
    const inputs = { 'start-date': manifest.window.start, 'end-date': manifest.window.end };
    const seed = await auditLocal(dir, { ...inputs, 'query-set': 'seed', 'require-logs': 'false' });
    const single = await auditLocal(dir, inputs);
    expectAgreement(seed, single, { roleLookalikes: true });
    expect(manifest.expected.articleRoleSubstringMatches).toBeGreaterThan(manifest.expected.bySupportRole);
  });
});
