/**
 * The pull-request comment, as the bundled action makes it against a GitHub API stand-in on localhost:
 * one comment per pull request, found again by its hidden marker and updated in place, within GitHub's size
 * limit; a refusal is a warning naming the permission, never a failure.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../src/action/comment.js';
import { PR_COMMENT_MAX_CHARS } from '../src/report/markdown/index.js';
import { startEmulatedAthena, type EmulatedAthena } from './helpers/emulated-athena.js';
import { ensureBundle, requireNode24, runAction } from './helpers/run-action.js';

interface ApiRequest {
  method: string;
  url: string;
  body: { body?: string } | undefined;
}

/** The few GitHub REST routes the action calls, over one pull request's comments. */
async function startGitHubApi() {
  const comments: Array<{ id: number; body: string }> = [{ id: 1, body: 'A reviewer said something else.' }];
  const requests: ApiRequest[] = [];
  let forbidden = false;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as { body?: string }) : undefined;
      requests.push({ method: req.method!, url: req.url!, body });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (forbidden) return reply(403, { message: 'Resource not accessible by integration' });
      const path = req.url!.split('?')[0];
      if (req.method === 'GET' && path === '/repos/owner/repo/issues/7/comments') return reply(200, comments);
      if (req.method === 'POST' && path === '/repos/owner/repo/issues/7/comments') {
        const comment = { id: comments.length + 1, body: body!.body! };
        comments.push(comment);
        return reply(201, comment);
      }
      const update = /^\/repos\/owner\/repo\/issues\/comments\/(\d+)$/.exec(path!);
      if (req.method === 'PATCH' && update) {
        const comment = comments.find((c) => c.id === Number(update[1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = body!.body!;
        return reply(200, comment);
      }
      reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    comments,
    requests,
    forbid: () => (forbidden = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const PULL_REQUEST = {
  name: 'pull_request',
  payload: {
    action: 'opened',
    number: 7,
    pull_request: { number: 7 },
    repository: { name: 'repo', owner: { login: 'owner' } },
  },
};

describe.concurrent('the pull-request comment', () => {
  // One emulator for all (no faults), a GitHub API stand-in for each test, so the tests run side by side.
  let emulated: EmulatedAthena;
  const apis: Array<Awaited<ReturnType<typeof startGitHubApi>>> = [];

  beforeAll(async () => {
    requireNode24();
    ensureBundle();
    emulated = await startEmulatedAthena();
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
    await emulated.close();
  });

  async function gitHubApi() {
    const api = await startGitHubApi();
    apis.push(api);
    return api;
  }

  const inputs = (extra: Record<string, string>) => ({
    bucket: 'trail-bucket',
    account: emulated.manifest.accounts.join(','),
    region: emulated.manifest.regions.join(','),
    'start-date': emulated.manifest.window.start,
    'end-date': emulated.manifest.window.end,
    ...extra,
  });
  const run = (api: { url: string }, extra: Record<string, string>) =>
    runAction(inputs(extra), { env: { ...emulated.env, GITHUB_API_URL: api.url }, event: PULL_REQUEST });

  it('is not made on success when asked for on failure only', async () => {
    const api = await gitHubApi();
    const result = await run(api, { 'comment-on-pr': 'on-failure', threshold: '1000' });
    expect(result.code).toBe(0);
    expect(api.requests).toEqual([]);
  });

  it('is created once, then updated in place by the next run', async () => {
    const api = await gitHubApi();
    const first = await run(api, { 'comment-on-pr': 'always', threshold: '0' });
    expect(first.code).toBe(1);
    const second = await run(api, { 'comment-on-pr': 'on-failure', threshold: '0' });
    expect(second.code).toBe(1);
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
    const ours = api.comments.filter((c) => c.body.startsWith(COMMENT_MARKER));
    expect(ours).toHaveLength(1);
    expect(api.comments).toHaveLength(2);
    expect(ours[0]!.body).toContain(`${emulated.manifest.expected.supportCalls} support calls`);
    expect(ours[0]!.body.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS);
  });

  it('warns with the permission to grant when refused, and does not fail the run for it', async () => {
    const api = await gitHubApi();
    api.forbid();
    const result = await run(api, { 'comment-on-pr': 'always', threshold: '1000' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::Could not comment on pull request #7: .*pull-requests: write/);
  });
});
