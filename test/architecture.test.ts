/**
 * The layers of src/, as docs/architecture.md draws them: which folder may import which, no import cycle, and
 * no source file too long to read in one sitting. Read from the files themselves, type-only imports included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_NAMES, SOURCE_NAMES } from '../src/core/types.js';
import { REPO_ROOT } from './helpers/run-cli.js';

const SRC = path.join(REPO_ROOT, 'src');
const MAX_LINES = 300;

/** Static imports and re-exports, side-effect imports, and dynamic imports (with any comment inside). */
const IMPORT = /(?:\bfrom\s+|\bimport\s+|\bimport\((?:\s*\/\*.*?\*\/)?\s*)'([^']+)'/g;

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') || file.endsWith('.js'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** Each file's imports: `src/`-relative paths for its own modules, package names for the rest. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map(([, specifier]) => {
      if (!specifier!.startsWith('.')) return specifier!;
      const resolved = path.posix.join(path.posix.dirname(file), specifier!);
      // A plain JavaScript module keeps its name; a TypeScript one is imported by its compiled .js name.
      return files.includes(resolved) ? resolved : resolved.replace(/\.js$/, '.ts');
    });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The first cycle found, as the files around it, or undefined. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The layer a file belongs to, by its folder. */
function layer(file: string): string {
  if (file === 'main.ts' || file === 'index.ts') return 'action';
  if (file === 'engines/index.ts') return 'engines';
  const [top, second] = file.split('/');
  return top === 'engines' ? `engines/${second}` : top!;
}

/** What each layer may import: layers of src/, then packages (`node:` built-ins are always allowed). */
const ALLOWED: Readonly<Record<string, { layers: readonly string[]; packages: readonly string[] }>> = {
  core: { layers: ['core'], packages: ['zod'] },
  'engines/athena': { layers: ['core', 'engines/athena'], packages: ['@aws-sdk/client-athena'] },
  'engines/local': {
    layers: ['core', 'engines/local'],
    packages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  },
  engines: { layers: ['core', 'engines/athena', 'engines/local'], packages: [] },
  'support-api': { layers: ['core', 'support-api'], packages: ['@aws-sdk/client-support'] },
  report: { layers: ['core', 'report'], packages: [] },
  run: { layers: ['core', 'engines', 'support-api', 'report', 'run'], packages: [] },
  cli: { layers: ['core', 'engines', 'report', 'run', 'cli'], packages: [] },
  action: {
    layers: ['core', 'engines', 'report', 'run', 'action'],
    packages: ['@actions/core', '@actions/github'],
  },
};

/**
 * What in a renderer would tell engines or sources apart by name, rather than by what they say of themselves: a
 * name written as a string, or the result's engine or source name read at all.
 */
const NAMED = new RegExp(
  [
    ...[...ENGINE_NAMES, ...SOURCE_NAMES].map((name) => `(['"\`])${name}\\1`),
    String.raw`\bresult\.engine\b|\{[^}]*\bengine\b[^}]*\}\s*=\s*result\b`,
    String.raw`\bengine\s*[!=]==`,
    String.raw`\bsource\.name\b`,
  ].join('|'),
);

/** The lines of a file that name an engine or a source. */
function namesAnEngineOrSource(text: string): string[] {
  return text.split('\n').filter((line) => NAMED.test(line));
}

const files = sourceFiles();
const graph = importGraph(files);

describe('the architecture of src/', () => {
  it('has no import cycle', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('finds a cycle when there is one, so the check above can fail', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findCycle(cyclic)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });

  it.each(files)('%s imports only from the layers below it', (file) => {
    const allowed = ALLOWED[layer(file)];
    expect(allowed, `${file} is in no known layer`).toBeDefined();
    const refused = graph.get(file)!.filter((target) => {
      if (target.startsWith('node:')) return false;
      if (graph.has(target)) return !allowed!.layers.includes(layer(target));
      return !allowed!.packages.includes(target);
    });
    expect(refused, `${file} (${layer(file)}) imports outside its layers`).toEqual([]);
  });

  it.each(files.filter((file) => layer(file) === 'report'))(
    '%s renders engines and sources from their descriptions, never by name',
    (file) => {
      expect(namesAnEngineOrSource(readFileSync(path.join(SRC, file), 'utf8'))).toEqual([]);
    },
  );

  it('finds a renderer that names an engine or a source, so the check above can fail', () => {
    const branching = [
      "const title = result.engine === 'athena' ? 'Athena' : 'local';",
      'if (result.source.name === `security-lake`) return;',
      'const { engine } = result;',
      'return engine !== local ? note : null;',
      '`Engine: ${text(scope.engine)}`,',
    ];
    expect(namesAnEngineOrSource(branching.join('\n'))).toEqual(branching.slice(0, 4));
  });

  it('keeps the vocabulary module free of imports', () => {
    expect(graph.get('core/types.ts')).toEqual([]);
  });

  it.each(files)(`%s has at most ${MAX_LINES} lines`, (file) => {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    expect(lines).toBeLessThanOrEqual(MAX_LINES);
  });
});
