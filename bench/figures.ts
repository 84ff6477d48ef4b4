/** The benchmark's figures, and the markdown table `npm run bench` prints and the README shows. */

export interface Figure {
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: string;
  /** value / limit: at most 1 meets an upper bound, at least 1 a lower one, 1 an exact one. */
  readonly ratio: number;
  readonly pass: boolean;
}

/**
 * The limit a figure must stay under (`max`) or reach (`min`), both included, or the value it must be (`exactly`):
 * a byte count below its mark means files went unread, as bad as one above it.
 */
export type Bound = { readonly max: number } | { readonly min: number } | { readonly exactly: number };

function meets(value: number, bound: Bound): boolean {
  if ('max' in bound) return value <= bound.max;
  if ('min' in bound) return value >= bound.min;
  return Math.abs(value - bound.exactly) <= 1e-9 * Math.max(1, Math.abs(bound.exactly));
}

/**
 * A maker of the figures of one group, which the table shows under one heading:
 * `figure(name, value, unit, bound, target)`, the target being the bound as the table states it.
 */
export function figureGroup(group: string) {
  return (name: string, value: number, unit: string, bound: Bound, target: string): Figure => {
    const limit = 'max' in bound ? bound.max : 'min' in bound ? bound.min : bound.exactly;
    const ratio = limit === 0 ? (value === 0 ? 1 : Infinity) : value / limit;
    return { group, name, value, unit, target, ratio, pass: meets(value, bound) };
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
