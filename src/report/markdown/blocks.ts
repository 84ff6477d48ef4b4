/** The building blocks of the Markdown report: tables the size guard may cut, and text it keeps whole. */

/** A table whose rows the size guard may cut, keeping its head. */
export interface CuttableTable {
  readonly head: readonly string[];
  readonly rows: readonly string[];
}

export type Block = string | CuttableTable;

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function table(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  right: number[] = [],
): CuttableTable {
  const delimiter = row(columns.map((_, i) => (right.includes(i) ? '---:' : '---')));
  return { head: [row(columns), delimiter], rows: rows.map(row) };
}

export function staticTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  right: number[] = [],
) {
  const { head, rows: lines } = table(columns, rows, right);
  return [...head, ...lines].join('\n');
}

export function list(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}
