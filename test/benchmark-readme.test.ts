/** The README shows the figures of the latest benchmark run committed in bench/results.json, as it printed them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figureSummary, figureTable, type Figure } from '../bench/figures.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const results = JSON.parse(readFileSync(new URL('../bench/results.json', import.meta.url), 'utf8')) as {
  seconds: number;
  figures: Figure[];
};

/** A markdown table's cells, whatever its padding, without the alignment row. */
function cells(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s:-]+\|/.test(line))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("the README's benchmark figures", () => {
  it('are the latest results, figure by figure', () => {
    const lines = readme.split('\n');
    const first = lines.findIndex((line) => /^\|\s*figure\s*\|/.test(line));
    expect(first).toBeGreaterThan(0);
    const length = lines.slice(first).findIndex((line) => !line.startsWith('|'));
    const shown = lines.slice(first, first + length).join('\n');
    expect(cells(shown)).toEqual(cells(figureTable(results.figures)));
  });

  it('state how many targets were met', () => {
    expect(readme).toContain(figureSummary(results.figures, results.seconds));
  });
});
