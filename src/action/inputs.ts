/** The action's inputs, read by name and handed to the settings parser the CLI uses too. */
import * as core from '@actions/core';
import path from 'node:path';
import { INPUTS } from '../core/inputs.js';
import { parseSettings, type Settings } from '../core/settings.js';

/** Every input action.yml declares (a test keeps the two equal). */
export const ACTION_INPUTS = INPUTS.filter((input) => input.only !== 'cli').map((input) => input.name);

/** Inputs that are not settings of the audit: they reach the action's own edges only. */
const EDGE_INPUTS = new Set(['github-token']);

export interface ActionSettings {
  readonly settings: Settings;
  readonly githubToken: string;
}

export function readActionSettings(now?: Date): ActionSettings {
  const raw: Record<string, string> = { engine: 'athena' };
  for (const name of ACTION_INPUTS) {
    if (!EDGE_INPUTS.has(name)) raw[name] = core.getInput(name);
  }
  const githubToken = core.getInput('github-token');
  if (githubToken) core.setSecret(githubToken);
  const parsed = parseSettings(raw, now);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  return {
    settings: Object.freeze({ ...parsed, outputDir: path.resolve(workspace, parsed.outputDir) }),
    githubToken,
  };
}
