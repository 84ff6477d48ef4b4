/**
 * Large log files are read by DuckDB's own JSON reader: it decompresses and parses them on every core with no
 * copy between, faster than the reading threads can hand them over. It costs about a tenth of a millisecond
 * per file, though, which is why small files, the bulk of a real trail, go through the reading threads instead
 * (log-file-table.ts).
 *
 * DuckDB opens what it reads by name, and a name can be swapped after the engine checked it (for a FIFO that
 * would block DuckDB's thread, for a link out of the logs folder). So the engine opens each such file itself,
 * checks what it opened (log-file-open.js) and keeps the descriptor open; DuckDB is given the descriptor's
 * name, /proc/self/fd/N, which opens the very file that was checked, whatever its name points at by then.
 * There is no window between the check and the read. Where /proc/self/fd does not exist (outside Linux), no
 * file is read this way: the reading threads read them all, through their own checked descriptors.
 *
 * A file is read directly only when nothing about it is known to need care: a gzip file whose gzip trailer
 * claims a JSON size DuckDB reads as one object (DIRECT_JSON_BYTES). The claim may lie: DuckDB then stops at
 * that size with an error, and the file, like any other DuckDB fails on or finds no records in, goes to the
 * reading threads, which count what they inflate.
 */
import { existsSync, readSync } from 'node:fs';
import { duckDbType, type Column } from '../../core/schema.js';
import { escapedStringLiteral } from '../../core/sql.js';
import { openLogFile } from './log-file-open.js';

/** Compressed size from which a file is worth its per-file cost in DuckDB's reader (about 150 KB of JSON). */
export const DIRECT_BYTES = 4 * 1024;
/**
 * The most JSON DuckDB reads as one object (its default buffer for one): a larger file streams. Below it, the
 * expansion limit could not hold on this path, so with a lower limit every file goes to the reading threads.
 */
export const DIRECT_JSON_BYTES = 16 * 2 ** 20;
/** Deflate cannot shrink data more than about 1,032 times: a larger claimed size is not a real trailer. */
const MAX_DEFLATE_RATIO = 1032;
/** Descriptors held at most at once, so that the process keeps plenty for everything else. */
export const HELD_FILES = 4096;

const DESCRIPTORS = '/proc/self/fd';

/** A file the engine holds open, by the name that opens it again (the same file, whatever its name is now). */
export interface HeldFile {
  readonly fd: number;
  readonly path: string;
  /** DuckDB can read it directly; else the reading threads read it, through the same name. */
  readonly direct: boolean;
}

/** Whether DuckDB can be given files through their descriptors here. */
export function directReadAvailable(): boolean {
  return existsSync(DESCRIPTORS);
}

/**
 * Opens a large file and checks it, for DuckDB's reader when it can read it directly, else for the reading
 * threads; 'exhausted' when the process may open no more files; or why it cannot be read at all. Either way
 * the file is opened once: what reads it later opens the descriptor's name.
 */
export function holdForDuckDb(
  path: string,
  root: string,
  bytes: number,
): HeldFile | 'exhausted' | { problem: string } {
  const opened = openLogFile(path, root);
  if ('problem' in opened) return /EMFILE|ENFILE/.test(opened.problem) ? 'exhausted' : opened;
  const direct = bytes >= DIRECT_BYTES && readableAsOneObject(opened.fd, opened.size);
  return { fd: opened.fd, path: `${DESCRIPTORS}/${opened.fd}`, direct };
}

/** A gzip file whose trailer claims JSON that DuckDB reads as one object. */
function readableAsOneObject(fd: number, bytes: number): boolean {
  if (bytes < 18) return false;
  const magic = Buffer.alloc(2);
  const trailer = Buffer.alloc(4);
  try {
    readSync(fd, magic, 0, 2, 0);
    readSync(fd, trailer, 0, 4, bytes - 4);
  } catch {
    return false;
  }
  const size = trailer.readUInt32LE(0);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  return gzip && size <= DIRECT_JSON_BYTES && size <= bytes * MAX_DEFLATE_RATIO;
}

/**
 * DuckDB's reader over the files the variable lists (file-tables.ts: listDirectFiles), each file's records
 * typed as far as the columns reach, beside the name it was read by (DuckDB's virtual `filename` column). A
 * file it cannot read this way (not one JSON object per line, a value of an unexpected shape, not gzip after
 * all, larger than it claims) ends the query with an error that names it.
 *
 * The list is a variable, not a literal, and the name a virtual column, not `filename = true`: DuckDB binds a
 * view's table function again for every statement that reads it, and a literal list of thousands of names,
 * like the option (which expands the list, a stat per file, for every filter it could push down), cost each
 * statement about a tenth of a second on one core before the scan could start.
 */
export function directRead(variable: string, columns: readonly Column[]): string {
  const type = duckDbType({ kind: 'array', element: { kind: 'struct', fields: columns } });
  return (
    `read_json(getvariable(${escapedStringLiteral(variable)}), ` +
    `columns = {Records: ${escapedStringLiteral(type)}}, format = 'newline_delimited', ` +
    `records = true, compression = 'gzip', maximum_object_size = ${DIRECT_JSON_BYTES + 1})`
  );
}
