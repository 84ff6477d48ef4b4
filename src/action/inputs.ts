/** The action's inputs, read by name and handed to the settings parser the CLI uses too. */
import * as core from '@actions/core';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { INPUTS } from '../core/inputs.js';
import { parseSettings, type Settings } from '../core/settings.js';

/** Every input action.yml declares (a test keeps the two equal). */
export const ACTION_INPUTS = INPUTS.filter((input) => input.only !== 'cli').map((input) => input.name);

/** Inputs that are not settings of the audit: they reach the action's own edges only. */
const EDGE_INPUTS = new Set(['github-token']);

export interface ActionSettings {
  readonly settings: Settings;
  readonly githubToken: string;
  /** GITHUB_WORKSPACE: output-dir must stay inside it. */
  readonly workspace: string;
}

export function readActionSettings(now?: Date): ActionSettings {
  const raw: Record<string, string> = { engine: 'athena' };
  for (const name of ACTION_INPUTS) {
    if (!EDGE_INPUTS.has(name)) raw[name] = core.getInput(name);
  }
  const githubToken = core.getInput('github-token');
  if (githubToken) core.setSecret(githubToken);
  const parsed = parseSettings(raw, now);
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  const outputDir = path.resolve(workspace, parsed.outputDir);
  const relative = path.relative(workspace, outputDir);
  // The workspace may hold a pull request's code: the action writes nowhere else.
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new InputError(
      'output-dir',
      parsed.outputDir,
      `must be a folder inside the workspace (${workspace}): a relative path, or an absolute one below it`,
    );
  }
  return { settings: Object.freeze({ ...parsed, outputDir }), githubToken, workspace };
}
