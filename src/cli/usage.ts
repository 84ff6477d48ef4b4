/**
 * What `support-audit --help` prints, generated from the input list (core/inputs.ts) and the terminal's own
 * options, so the help can say nothing the parser does not do, and every default is the one the settings use.
 */
import { DEFAULTS, INPUT_GROUPS, INPUTS, type InputSpec } from '../core/inputs.js';

/** Options of the terminal alone: what to print, not what to audit. */
export const TERMINAL_OPTIONS: readonly InputSpec[] = [
  { name: 'format', group: 'output', value: 'md|json', help: 'what to print on stdout (default md)' },
  {
    name: 'dry-run',
    flag: true,
    group: 'output',
    help: 'print every statement it would run, then exit without running any',
  },
  { name: 'debug', flag: true, group: 'output', help: 'print stack traces of unexpected errors' },
  { name: 'help', flag: true, group: 'output', help: 'print this help', aliases: ['h'] },
  { name: 'version', flag: true, group: 'output', help: 'print the version' },
];

/** Every option of the command line, inputs first. */
export const CLI_OPTIONS: readonly InputSpec[] = [
  ...INPUTS.filter((input) => input.only !== 'action'),
  ...TERMINAL_OPTIONS,
];

const COLUMN = 29;
const WIDTH = 112;

/** Words filled into lines of the help's right-hand column. */
function filled(text: string): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && COLUMN + last.length + 1 + word.length <= WIDTH)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function spelling(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

function optionLine(option: InputSpec): string {
  const preset = DEFAULTS[option.name as keyof typeof DEFAULTS];
  const negatable = option.flag && preset !== undefined;
  const aliases = (option.aliases ?? []).map((alias) => `, ${spelling(alias)}`).join('');
  const negation = negatable ? ` / --no-${option.name}` : '';
  const left = `  ${spelling(option.name)}${option.value ? ` ${option.value}` : ''}${negation}${aliases}`;
  const shown = option.flag ? (preset === 'true' ? 'on' : 'off') : preset;
  const help = `${option.help}${preset === undefined ? '' : ` (default ${shown})`}`;
  const [first, ...rest] = filled(help);
  const indent = ' '.repeat(COLUMN);
  const head = left.length < COLUMN ? [`${left.padEnd(COLUMN)}${first}`] : [left, `${indent}${first}`];
  return [...head, ...rest.map((line) => `${indent}${line}`)].join('\n');
}

export const USAGE = [
  'Usage: support-audit [options]',
  '',
  'Reports the API calls AWS Support made in your AWS accounts, from CloudTrail logs.',
  'With no options (or only --output-dir, --format, --dry-run, --source), audits the synthetic sample shipped in',
  'examples/logs (examples/security-lake with --source security-lake); any other option needs --logs or --bucket.',
  ...Object.entries(INPUT_GROUPS).flatMap(([group, title]) => [
    '',
    title,
    ...CLI_OPTIONS.filter((option) => option.group === group).map(optionLine),
  ]),
  '',
  'Result files: report.md, report.html (open it in a browser), summary.json, events.json, events.csv.',
  'Exit codes: 0 audited (and the synthetic sample, whatever its verdict), 1 a gate failed (threshold, write calls,',
  'an incomplete audit, an unexplained session, something new since the baseline), 2 usage or runtime error.',
  '',
].join('\n');
