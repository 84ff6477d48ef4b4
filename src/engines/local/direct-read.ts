/**
 * Large log files are read by DuckDB's own JSON reader, straight from disk: it decompresses and parses them on
 * every core with no copy between, faster than the reading threads can hand them over. It costs about a tenth
 * of a millisecond per file, though, which is why small files, the bulk of a real trail, go through the reading
 * threads instead (log-file-table.ts). A file is read directly only when nothing about it is known to need
 * care: a gzip file, named without the characters DuckDB takes as a pattern, whose gzip trailer claims a size
 * the engine reads. Any file DuckDB then fails on, or finds no records in, goes to the reading threads.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { duckDbType, type Column } from '../../core/schema.js';
import { escapedStringLiteral } from '../../core/sql.js';

/** Compressed size from which a file is worth its per-file cost in DuckDB's reader (about 150 KB of JSON). */
export const DIRECT_BYTES = 4 * 1024;
/** DuckDB's default buffer for one JSON object; a larger file raises it to its size. */
const DEFAULT_OBJECT_BYTES = 16 * 2 ** 20;
/** What DuckDB's file reader takes as a pattern rather than a name. */
const PATTERN_CHARACTERS = /[*?[\]{}\\]/;
/** Deflate cannot shrink data more than about 1,032 times: a larger claimed size is not a real trailer. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * The size a file decompresses to, when DuckDB can read it directly: a look at its first and last bytes only.
 * Undefined sends it to the reading threads.
 */
export function directSize(path: string, bytes: number, limit: number): number | undefined {
  if (bytes < DIRECT_BYTES || PATTERN_CHARACTERS.test(path)) return undefined;
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    const magic = Buffer.alloc(2);
    readSync(descriptor, magic, 0, 2, 0);
    const trailer = Buffer.alloc(4);
    readSync(descriptor, trailer, 0, 4, bytes - 4);
    const size = trailer.readUInt32LE(0);
    const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
    return gzip && size <= limit && size <= bytes * MAX_DEFLATE_RATIO ? size : undefined;
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * DuckDB's reader over the files, each file's records typed as far as the columns reach, beside its path. A
 * file it cannot read this way (not one JSON object per line, a value of an unexpected shape, not gzip after
 * all) ends the query with an error that names it.
 */
export function directRead(
  files: ReadonlyArray<{ path: string; size: number }>,
  columns: readonly Column[],
): string {
  const type = duckDbType({ kind: 'array', element: { kind: 'struct', fields: columns } });
  const objectBytes = Math.max(DEFAULT_OBJECT_BYTES, ...files.map((f) => f.size + 1));
  return (
    `read_json([${files.map((f) => escapedStringLiteral(f.path)).join(', ')}], ` +
    `columns = {Records: ${escapedStringLiteral(type)}}, filename = true, format = 'newline_delimited', ` +
    `records = true, maximum_object_size = ${objectBytes})`
  );
}
