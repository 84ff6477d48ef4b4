/** The action's figures: how soon the bundle reads its first input after Node starts, and its size. */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureNode24, node24Path } from '../scripts/ensure-node24.js';
import { runProcess } from '../scripts/spawn.js';
import { ROOT } from './data.js';
import { figureGroup, type Figure } from './figures.js';

const SAMPLES = 5;

export async function actionFigures(): Promise<Figure[]> {
  const bundle = path.join(ROOT, 'dist/index.js');
  if (!existsSync(bundle)) execFileSync('npm', ['run', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  ensureNode24();
  const node24 = existsSync(node24Path);
  const node = node24 ? node24Path : process.execPath;
  const dir = await mkdtemp(path.join(tmpdir(), 'support-audit-bench-'));
  const samples: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      // An invalid account stops the action once it has read its inputs; first-input.mjs times the first read.
      const { stderr } = await runProcess(
        node,
        ['--import', path.join(ROOT, 'bench/first-input.mjs'), bundle],
        {
          cwd: ROOT,
          env: {
            INPUT_ACCOUNT: 'not-an-account',
            GITHUB_OUTPUT: path.join(dir, 'output'),
            GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
          },
        },
      );
      samples.push(Number(/first-input-read-ms=([\d.]+)/.exec(stderr)?.[1] ?? Infinity));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  const figure = figureGroup('Action');
  return [
    figure(
      `start-up to first input read (median of ${SAMPLES}, ${node24 ? 'Node 24' : process.version})`,
      samples[Math.floor(SAMPLES / 2)]!,
      'ms',
      { max: 300 },
      '< 300 ms',
    ),
    figure('bundle size (dist/index.js)', statSync(bundle).size / 1e6, 'MB', { max: 3 }, '< 3 MB'),
  ];
}
