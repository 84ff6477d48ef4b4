/**
 * `npm run bench -- [flags]`: generates the data, measures every performance target side by side in one
 * process tree, prints a table of figure, target, ratio and pass/miss, and writes the results as JSON.
 * The flags are in HELP, just below.
 *
 * Without --update the results go to the git-ignored bench/data/results.json, so a trial run never changes the
 * tracked figures. A run with --update must then have its table copied into the README (test/benchmark-readme
 * checks they agree), so --update refuses a partial run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { actionFigures } from './action.js';
import { athenaFigures } from './athena.js';
import { DATA, ROOT } from './data.js';
import { figureSummary, figureTable, type Figure } from './figures.js';
import { localFigures } from './local.js';
import { badFileFigures } from './local-bad-files.js';
import { memoryFigures } from './local-memory.js';
import { renderFigures } from './render-memory.js';
import { scaleFigures } from './scale.js';
import { securityLakeFigures } from './security-lake.js';

const HELP = `Usage: npm run bench -- [flags]

Measures the performance targets and prints the table the README shows.

  --size-mb N     uncompressed logs of the local engine's large-file window, in MB (default 1100)
  --skip-long     leave out the 30-second query of the polling figures
  --only GROUPS   run only these groups, comma-separated: athena, scale, local, local-memory, render,
                  security-lake, action
  --update        write bench/results.json (the README's figures) instead of bench/data/results.json;
                  only for a full run: no --only, no --skip-long, --size-mb of 1000 or more
  -h, --help      print this help
`;

const GROUPS = ['athena', 'scale', 'local', 'local-memory', 'render', 'security-lake', 'action'] as const;
type Group = (typeof GROUPS)[number];

interface Options {
  readonly sizeMb: number;
  readonly long: boolean;
  readonly groups: readonly Group[];
  readonly update: boolean;
}

class UsageError extends Error {}

function parseOptions(args: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'size-mb': { type: 'string', default: '1100' },
        'skip-long': { type: 'boolean', default: false },
        only: { type: 'string' },
        update: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // parseArgs names the flag: "Unknown option '--x'", "Unexpected argument 'x'", "Option '--only <value>' …".
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const sizeMb = Number(values['size-mb']);
  if (!(sizeMb > 0)) throw new UsageError(`--size-mb must be a positive number, not '${values['size-mb']}'`);
  const groups = values.only?.split(',').map((g) => g.trim()) ?? [...GROUPS];
  const unknown = groups.filter((g) => !(GROUPS as readonly string[]).includes(g));
  if (unknown.length > 0) {
    throw new UsageError(`--only: unknown group '${unknown.join("', '")}' (groups: ${GROUPS.join(', ')})`);
  }
  if (values.update && (values.only !== undefined || values['skip-long'] || sizeMb < 1000)) {
    throw new UsageError(
      '--update writes the figures the README shows: it needs every group, the long query and --size-mb ≥ 1000',
    );
  }
  return { sizeMb, long: !values['skip-long'], groups: groups as Group[], update: values.update };
}

async function measure(options: Options): Promise<Figure[]> {
  const figures: Figure[] = [];
  const run: Record<Group, () => Promise<Figure[]>> = {
    athena: () => athenaFigures({ long: options.long }),
    scale: scaleFigures,
    local: async () => [...(await localFigures({ sizeMb: options.sizeMb })), ...(await badFileFigures())],
    'local-memory': memoryFigures,
    render: renderFigures,
    'security-lake': securityLakeFigures,
    action: actionFigures,
  };
  // In the README's order, whatever the order of --only.
  for (const group of GROUPS) if (options.groups.includes(group)) figures.push(...(await run[group]()));
  return figures;
}

let options: Options | 'help';
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}

const started = performance.now();
mkdirSync(DATA, { recursive: true });
const figures = await measure(options);
console.log(figureTable(figures));
const results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  seconds: (performance.now() - started) / 1000,
  figures,
};
const out = options.update ? path.join(ROOT, 'bench', 'results.json') : path.join(DATA, 'results.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
const next = options.update
  ? 'Copy the table and this line into the README.'
  : "Not the README's figures: a full run with --update writes those, to bench/results.json.";
console.log(`\n${figureSummary(figures, results.seconds)} Written to ${path.relative(ROOT, out)}. ${next}`);
