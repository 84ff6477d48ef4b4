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

/** The layer of a path as docs/architecture.md writes it, relative to src/: a folder (`core/`) or a file. */
function layerOfPath(documented: string): string {
  return layer(documented.endsWith('/') ? `${documented}module.ts` : documented);
}

interface DocumentedRow {
  readonly paths: readonly string[];
  readonly holds: string;
  readonly layers: readonly string[];
  readonly packages: readonly string[];
}

/** The rows of the folders table of docs/architecture.md: its paths, what it holds, what it may import. */
function documentedRows(): DocumentedRow[] {
  const text = readFileSync(path.join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8');
  const table = text.split('## The folders, and what each may import')[1]!.split('\n## ')[0]!;
  const quoted = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map(([, name]) => name!);
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [paths, holds, imports] = line.slice(1, -1).split(' | ');
      const named = quoted(imports!);
      const isPackage = (name: string) => !name.endsWith('/') && !name.endsWith('.ts');
      return {
        paths: quoted(paths!).map((name) => name.replace(/^src\//, '')),
        holds: holds!,
        layers: named.filter((name) => !isPackage(name)).map(layerOfPath),
        packages: named.filter(isPackage),
      };
    });
}

/** Every folder of src/, relative to it. */
function sourceFolders(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.relative(SRC, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

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

  describe('as docs/architecture.md lays it out', () => {
    const rows = documentedRows();

    it('has a row for every layer the check above knows, and knows the layer of every row', () => {
      const documented = new Set(rows.flatMap((row) => row.paths.map(layerOfPath)));
      expect([...documented].sort()).toEqual(Object.keys(ALLOWED).sort());
    });

    it('names only folders and files that exist', () => {
      for (const name of rows.flatMap((row) => row.paths)) {
        const exists = name.endsWith('/')
          ? sourceFolders().includes(name.slice(0, -1))
          : files.includes(name);
        expect(exists, name).toBe(true);
      }
    });

    it('has a row for every folder of src/, or names it in the row of the folder that holds it', () => {
      for (const folder of sourceFolders()) {
        const own = rows.some((row) =>
          row.paths.some((name) => name === `${folder}/` || path.posix.dirname(name) === folder),
        );
        const parent = `${path.posix.dirname(folder)}/`;
        const named = rows.some(
          (row) => row.paths.includes(parent) && row.holds.includes(`\`${path.posix.basename(folder)}/\``),
        );
        expect(own || named, folder).toBe(true);
      }
    });

    it.each(rows.map((row) => [row.paths.join(', '), row] as const))(
      'says what %s may import as the check above enforces it',
      (_, row) => {
        for (const own of new Set(row.paths.map(layerOfPath))) {
          const allowed = ALLOWED[own]!;
          expect(new Set([...row.layers, own])).toEqual(new Set([...allowed.layers, own]));
          expect([...row.packages].sort()).toEqual([...allowed.packages].sort());
        }
      },
    );
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
