/**
 * The pull-request comment: one per pull request, found again by a hidden marker and updated in place.
 * Missing context or permission is a warning with what to grant, never a failure of the audit.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';

export const COMMENT_MARKER = '<!-- support-audit:report -->';

export async function upsertPullRequestComment(token: string, body: string): Promise<void> {
  const pullRequest = github.context.payload.pull_request;
  if (!pullRequest) {
    core.warning(
      'comment-on-pr is set, but this run has no pull request (trigger the workflow on pull_request).',
    );
    return;
  }
  if (!token) {
    core.warning('comment-on-pr is set, but github-token is empty: pass a token with pull-requests: write.');
    return;
  }
  const octokit = github.getOctokit(token);
  const { owner, repo } = github.context.repo;
  const issue_number = pullRequest.number as number;
  const markedBody = `${COMMENT_MARKER}\n${body}`;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100,
    });
    const existing = comments.find((comment) => comment.body?.startsWith(COMMENT_MARKER));
    if (existing) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: markedBody });
      core.info(`Updated the audit comment on pull request #${issue_number}.`);
    } else {
      await octokit.rest.issues.createComment({ owner, repo, issue_number, body: markedBody });
      core.info(`Commented the audit on pull request #${issue_number}.`);
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 403 || status === 404
        ? ' Grant the job "permissions: pull-requests: write" (pull requests from forks get a read-only token).'
        : '';
    core.warning(`Could not comment on pull request #${issue_number}: ${(error as Error).message}.${hint}`);
  }
}
