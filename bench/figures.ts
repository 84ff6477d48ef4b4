/** The benchmark's figures, and the markdown table `npm run bench` prints and the README shows. */

export interface Figure {
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: string;
  /** value / limit: at most 1 meets an upper bound, at least 1 meets a lower one. */
  readonly ratio: number;
  readonly pass: boolean;
}

/** The limit a figure must stay under (`max`) or reach (`min`), both included. */
export type Bound = { readonly max: number } | { readonly min: number };

/**
 * A maker of the figures of one group, which the table shows under one heading:
 * `figure(name, value, unit, bound, target)`, the target being the bound as the table states it.
 */
export function figureGroup(group: string) {
  return (name: string, value: number, unit: string, bound: Bound, target: string): Figure => {
    const limit = 'max' in bound ? bound.max : bound.min;
    const ratio = limit === 0 ? (value === 0 ? 1 : Infinity) : value / limit;
    const pass = 'max' in bound ? value <= bound.max : value >= bound.min;
    return { group, name, value, unit, target, ratio, pass };
  };
}

export function figureTable(figures: readonly Figure[]): string {
  let group = '';
  const lines = ['| figure | value | target | ratio | result |', '| --- | ---: | --- | ---: | --- |'];
  for (const f of figures) {
    if (f.group !== group) {
      group = f.group;
      lines.push(`| **${group}** | | | | |`);
    }
    const value =
      f.unit === '×'
        ? `${f.value.toFixed(2)}×`
        : `${Number.isInteger(f.value) ? f.value : f.value.toFixed(1)} ${f.unit}`;
    const cell = (text: string) => text.replaceAll('|', '\\|');
    lines.push(
      `| ${cell(f.name)} | ${value} | ${cell(f.target)} | ${f.ratio.toFixed(2)} | ${f.pass ? 'pass' : '**miss**'} |`,
    );
  }
  return lines.join('\n');
}

export function figureSummary(figures: readonly Figure[], seconds: number): string {
  return `${figures.filter((f) => f.pass).length} of ${figures.length} targets met, in ${seconds.toFixed(0)} s.`;
}
