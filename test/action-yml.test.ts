import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_INPUTS } from '../src/action/inputs.js';
import { DEFAULTS } from '../src/core/inputs.js';

interface ActionYml {
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as ActionYml;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The rows of the markdown table under a README heading: first cell (without backticks) to the other cells. */
function readmeTable(heading: string): Map<string, string[]> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((line) => /^\|\s*`/.test(line));
  return new Map(
    rows.map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return [cells[0]!.replaceAll('`', ''), cells.slice(1)];
    }),
  );
}

describe('action.yml', () => {
  it('has a description the Marketplace accepts (under 125 characters) that says what the action does', () => {
    expect(action.description.length).toBeLessThan(125);
    for (const word of ['AWS Support', 'CloudTrail', 'Athena']) expect(action.description).toContain(word);
  });

  it('runs the committed bundle on Node 24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the action reads', () => {
    expect(Object.keys(action.inputs)).toEqual([...ACTION_INPUTS]);
  });

  it('declares the defaults of the settings, and no other', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      if (name === 'github-token') {
        expect(input.default).toBe('${{ github.token }}');
      } else if (name === 'lookback-days') {
        // A declared default would always reach the action and clash with start-date; the settings apply it.
        expect(input.default).toBeUndefined();
        expect(input.description).toContain(DEFAULTS['lookback-days']);
      } else {
        expect(input.default, name).toBe(DEFAULTS[name as keyof typeof DEFAULTS]);
      }
    }
  });

  it('describes every input and output', () => {
    for (const entry of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});

describe('the README', () => {
  it('lists every input with its default, as action.yml declares them', () => {
    const table = readmeTable('Inputs');
    expect([...table.keys()]).toEqual(Object.keys(action.inputs));
    for (const [name, input] of Object.entries(action.inputs)) {
      const [, defaultCell] = table.get(name)!;
      expect(defaultCell?.replaceAll('`', ''), name).toBe(input.default ?? '');
    }
  });

  it('lists every output', () => {
    expect([...readmeTable('Outputs').keys()]).toEqual(Object.keys(action.outputs));
  });
});
