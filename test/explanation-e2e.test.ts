/**
 * The explanation of the shipped sample, end to end, on both engines and both sources: the sessions, cases and
 * permits each way must be the ones examples/README.md lists, identical whichever engine and source read them;
 * Athena runs one scan of the window and one lead-in query; `fail-on-unexplained` fails the sample and passes a
 * window every session of which is explained; the Support API is read through the emulator over HTTP, and a
 * plan without API access is a note, not a failure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SupportClient } from '@aws-sdk/client-support';
import { runAudit } from '../src/core/audit.js';
import type { RawInputs } from '../src/core/inputs.js';
import type { AuditResult } from '../src/core/result.js';
import { parseSettings } from '../src/core/settings.js';
import { AthenaEngine } from '../src/engines/athena/engine.js';
import { LocalEngine } from '../src/engines/local/engine.js';
import { renderEventsCsv } from '../src/report/csv.js';
import { renderHtml } from '../src/report/html/index.js';
import { renderEventsJson, renderSummaryJson } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown/index.js';
import { supportCaseReader } from '../src/support-api/describe-cases.js';
import { TODAY } from './helpers/audit-local.js';
import {
  CANARY,
  emulatorClient,
  LAKE_BUCKET,
  TRAIL_BUCKET,
  type EmulatedAthena,
} from './helpers/emulated-athena.js';
import { emulatorPerTest } from './helpers/emulator-per-test.js';
import { auditSecurityLakeLocal } from './helpers/security-lake.js';
import path from 'node:path';

const fresh = emulatorPerTest();

const PROD_EARLY = 'case-111122223333-muen-2026-bb1345e5ddd755bb';
const PROD_OPEN = 'case-111122223333-muen-2026-641674152b6c5260';
const STAGING = 'case-444455556666-muen-2026-af825d0a22909c3f';

/** The sample's sessions and what explains each, as examples/README.md lists them. */
const EXPECTED = [
  ['S1', 'case-grace', PROD_EARLY],
  ['S2', 'case-grace', PROD_EARLY],
  ['S3', 'case', PROD_OPEN],
  ['S4', 'case', STAGING],
  ['S5', 'case', STAGING],
  ['S6', 'case', STAGING],
  ['S7', 'case', PROD_OPEN],
  ['S8', 'case', PROD_OPEN],
  ['S9', 'case', PROD_OPEN],
  ['S10', 'none', null],
  ['S11', 'none', null],
  ['S12', 'permit', 'arn:aws:supportauthz:us-east-1:444455556666:supportpermit/night-investigation'],
];

function explained(result: AuditResult) {
  return result.sessions!.map((s) => [
    s.id,
    s.explanation.rule,
    s.explanation.caseId ?? s.explanation.permit,
  ]);
}

function inputs(emulated: EmulatedAthena, extra: RawInputs = {}): RawInputs {
  const { manifest } = emulated;
  return {
    account: manifest.accounts.join(','),
    region: manifest.regions.join(','),
    'start-date': manifest.window.start,
    'end-date': manifest.window.end,
    ...extra,
  };
}

async function athenaAudit(
  emulated: EmulatedAthena,
  raw: RawInputs,
  supportApi = false,
): Promise<AuditResult> {
  const settings = parseSettings(raw, TODAY);
  const engine = await AthenaEngine.create(settings.athena, {
    client: emulatorClient(emulated.emulator.endpoint),
    now: () => TODAY.getTime(),
  });
  const client = new SupportClient({
    endpoint: emulated.emulator.endpoint,
    region: 'us-east-1',
    credentials: { ...CANARY },
  });
  try {
    return await runAudit(settings, engine, {
      now: () => TODAY,
      ...(supportApi ? { supportCases: supportCaseReader({ client }) } : {}),
    });
  } finally {
    client.destroy();
    await engine.close();
  }
}

async function localAudit(logs: string, raw: RawInputs): Promise<AuditResult> {
  const settings = parseSettings({ logs, ...raw }, TODAY);
  const engine = await LocalEngine.open({ logsDir: logs });
  try {
    return await runAudit(settings, engine, { now: () => TODAY });
  } finally {
    await engine.close();
  }
}

describe('the sample explained, on both engines and both sources', () => {
  let emulated: EmulatedAthena;
  const results: Record<string, AuditResult> = {};

  beforeAll(async () => {
    emulated = await fresh({ securityLake: '2.0' });
    results.localTrail = await localAudit(emulated.trailDir, inputs(emulated));
    results.localLake = await auditSecurityLakeLocal(
      path.join(emulated.bucketsDir, LAKE_BUCKET),
      inputs(emulated),
    );
    results.athenaTrail = await athenaAudit(emulated, inputs(emulated, { bucket: TRAIL_BUCKET }));
    results.athenaLake = await athenaAudit(emulated, inputs(emulated, { source: 'security-lake' }));
  }, 120_000);

  it('explains each session as the sample plans it', () => {
    expect(explained(results.localTrail!)).toEqual(EXPECTED);
  });

  it.each(['localLake', 'athenaTrail', 'athenaLake'])(
    '%s gives the same sessions, cases and permits',
    (name) => {
      const { sessions, cases, permits, explanation } = results[name]!;
      expect({ sessions, cases, permits, explanation }).toEqual({
        sessions: results.localTrail!.sessions,
        cases: results.localTrail!.cases,
        permits: results.localTrail!.permits,
        explanation: results.localTrail!.explanation,
      });
    },
  );

  it('reads the case opened before the window through the lead-in, in the Support API regions only', () => {
    const early = results.localTrail!.cases!.find((c) => c.caseId === PROD_EARLY)!;
    expect(early).toMatchObject({ openedAt: '2026-11-01T21:10:05Z', resolvedAt: ['2026-11-02T07:55:00Z'] });
    expect(results.athenaTrail!.explanation!.leadIn).toEqual({
      start: '2026-10-03',
      end: '2026-11-01',
      regions: ['eu-west-1', 'us-east-1'],
    });
  });

  it('runs one scan of the window and one lead-in query on Athena, the lead-in reading less', () => {
    const queries = results.athenaTrail!.statistics.queries;
    expect(queries.map((q) => q.id)).toEqual(['single-scan', 'case-lead-in']);
    expect(queries[1]!.dataScannedBytes).toBeLessThan(queries[0]!.dataScannedBytes);
    const leadIn = emulated.emulator
      .queries()
      .find((q) => q.sql.includes("'supportauthz.amazonaws.com'") && !q.sql.includes('GROUPING SETS'));
    expect(leadIn?.sql).toMatch(/"region" IN \(\?, \?\)/);
  });

  it('puts each call in its session in events.json and events.csv', () => {
    const events = JSON.parse(renderEventsJson(results.localTrail!)) as {
      events: Array<{ sessionId: string }>;
    };
    expect(new Set(events.events.map((e) => e.sessionId)).size).toBe(12);
    expect(renderEventsCsv(results.localTrail!.events).split('\r\n')[0]).toMatch(/,sessionId$/);
  });

  it('fails fail-on-unexplained on the sample, naming the unexplained sessions', async () => {
    const result = await localAudit(emulated.trailDir, inputs(emulated, { 'fail-on-unexplained': 'true' }));
    const gate = result.verdict.gates.find((g) => g.name === 'unexplained-sessions')!;
    expect(gate).toMatchObject({ outcome: 'failed', measured: 2, limit: 0, over: 2 });
    expect(result.verdict.status).toBe('failed');
  });

  it('passes fail-on-unexplained where every session is explained', async () => {
    const result = await localAudit(emulated.trailDir, {
      account: '111122223333,444455556666',
      region: 'us-east-1',
      'start-date': '2026-11-02',
      'end-date': '2026-11-05',
      'fail-on-unexplained': 'true',
    });
    expect(result.sessions!.map((s) => s.explanation.rule)).not.toContain('none');
    expect(result.sessions!.length).toBeGreaterThan(0);
    expect(result.verdict.status).toBe('passed');
  });

  it('without a lead-in, the case opened before the window explains nothing', async () => {
    const result = await localAudit(emulated.trailDir, inputs(emulated, { 'case-lookback-days': '0' }));
    expect(explained(result).slice(0, 2)).toEqual([
      ['S1', 'none', null],
      ['S2', 'none', null],
    ]);
    expect(result.explanation!.notes).toEqual([expect.stringContaining('case-lookback-days is 0')]);
  });

  it('with case-scope organization, a case of another audited account explains a session', async () => {
    const result = await localAudit(emulated.trailDir, inputs(emulated, { 'case-scope': 'organization' }));
    expect(explained(result)[9]).toEqual(['S10', 'case', PROD_OPEN]);
  });

  it('keeps case subjects out of every output unless case-details is on', async () => {
    const subject = 'Instances in eu-west-1 fail status checks';
    const outputs = (r: AuditResult) =>
      [
        renderMarkdown(r),
        renderHtml(r),
        renderSummaryJson(r),
        renderEventsJson(r),
        renderEventsCsv(r.events),
      ].join('\n');
    expect(outputs(results.localTrail!)).not.toContain(subject);
    expect(outputs(results.localTrail!)).not.toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
    const detailed = await localAudit(emulated.trailDir, inputs(emulated, { 'case-details': 'true' }));
    expect(detailed.cases!.find((c) => c.caseId === PROD_OPEN)!.subject).toBe(subject);
    expect(renderMarkdown(detailed)).toContain(subject);
  });

  it('adds the Support API cases: a case created before a session explains it', async () => {
    emulated.emulator.supportCases = [
      {
        caseId: 'case-444455556666-muen-2026-0123456789abcdef',
        displayId: '178009999',
        subject: 'Root calls on the staging account',
        status: 'work-in-progress',
        timeCreated: '2026-11-06T20:00:00.000Z',
        communications: [{ body: 'We are looking into it.', timeCreated: '2026-11-06T20:05:00.000Z' }],
      },
    ];
    const result = await athenaAudit(
      emulated,
      inputs(emulated, { bucket: TRAIL_BUCKET, 'cases-from': 'cloudtrail,support-api' }),
      true,
    );
    expect(explained(result)[9]).toEqual(['S10', 'case', 'case-444455556666-muen-2026-0123456789abcdef']);
    const api = result.cases!.find((c) => c.displayId === '178009999')!;
    expect(api).toMatchObject({ sources: ['support-api'], subject: null, account: '444455556666' });
    expect(emulated.emulator.requests.filter((r) => r.target === 'DescribeCases')).toEqual([
      expect.objectContaining({
        body: expect.objectContaining({ includeResolvedCases: true, afterTime: '2026-10-03T00:00:00Z' }),
        status: 200,
      }),
    ]);
  });

  it('reports a plan without Support API access as a note, and still explains from CloudTrail', async () => {
    emulated.emulator.supportCases = 'subscription-required';
    const result = await athenaAudit(
      emulated,
      inputs(emulated, { bucket: TRAIL_BUCKET, 'cases-from': 'cloudtrail,support-api' }),
      true,
    );
    expect(explained(result)).toEqual(EXPECTED);
    expect(result.explanation!.notes).toEqual([expect.stringContaining('SubscriptionRequiredException')]);
    expect(renderMarkdown(result)).toContain('SubscriptionRequiredException');
  });
});
