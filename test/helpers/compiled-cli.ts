/**
 * Vitest's global setup: compiles `src/` once per run into a temporary package, the shape `npm run build` gives
 * the published one (`lib/`, beside `examples/` and `node_modules/`), so the tests that spawn the CLI start it as
 * an installed package starts (plain JavaScript) rather than compiling ~150 TypeScript files through tsx in every
 * child process: about 0.8 s of CPU each, over a hundred times a run. The tsconfig sets `isolatedModules`, so a
 * file compiled alone is the file `tsc` emits. The `npm start` cases still start the CLI from the sources.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { TestProject } from 'vitest/node';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled CLI's entry point, `lib/cli/bin.js` in the temporary package. */
    compiledCli: string;
  }
}

/** Writes the compiled package into `packageRoot`: `lib/` from `src/`, and links to what it reads beside it. */
async function compilePackage(packageRoot: string): Promise<string> {
  const { options } = ts.parseJsonConfigFileContent(
    ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.build.json'), (file) => ts.sys.readFile(file)).config,
    ts.sys,
    REPO_ROOT,
  );
  // NodeNext decides a file's module kind from the nearest package.json, which a file compiled alone cannot
  // read; the package is `"type": "module"`, so every file is an ES module.
  const compilerOptions = { ...options, module: ts.ModuleKind.ESNext };
  const sources = path.join(REPO_ROOT, 'src');
  const lib = path.join(packageRoot, 'lib');
  for (const entry of await readdir(sources, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(lib, path.relative(sources, source));
    await mkdir(path.dirname(target), { recursive: true });
    if (entry.name.endsWith('.js')) {
      await cp(source, target);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const { outputText } = ts.transpileModule(await readFile(source, 'utf8'), {
        compilerOptions,
        fileName: source,
      });
      await writeFile(target.replace(/\.ts$/, '.js'), outputText);
    }
  }
  await cp(path.join(REPO_ROOT, 'package.json'), path.join(packageRoot, 'package.json'));
  for (const linked of ['node_modules', 'examples']) {
    await symlink(path.join(REPO_ROOT, linked), path.join(packageRoot, linked));
  }
  return path.join(lib, 'cli/bin.js');
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const packageRoot = await mkdtemp(path.join(os.tmpdir(), 'support-audit-compiled-'));
  project.provide('compiledCli', await compilePackage(packageRoot));
  return () => rm(packageRoot, { recursive: true, force: true });
}
