/**
 * `_cloudtrail_log_files(set)`: the table function the local view reads, a row per log file of a prepared
 * table (a row per piece of a large one) with the file's number, its JSON (read and decompressed by the
 * reading threads), how to read it, and where it is: its day folder's number and its path. DuckDB never opens these files itself: it reads exactly the files the
 * engine lists, whatever characters their names hold, and pays no per-file cost of its own. A row whose file
 * is NULL carries nothing (see WAIT_MS and emptyRow): it gives no record and no finding.
 */
import { availableParallelism } from 'node:os';
import bindings from '@duckdb/node-bindings';
import {
  BOOLEAN,
  DuckDBListValue,
  DuckDBTableFunction,
  INTEGER,
  LIST,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBDataChunk,
} from '@duckdb/node-api';
import { ANSWER_BYTES, type FileRead, type FilesToRead, type FileStream } from './file-stream.js';
import type { ReadingThreads } from './reading-threads.js';
import { messageOf } from '../../core/errors.js';

export const LOG_FILES_FUNCTION = '_cloudtrail_log_files';

export interface LogFileSource {
  /** A set's files left to the reading threads (only those named, when `only` is given). */
  files(set: number, only?: ReadonlySet<number>): FilesToRead;
  /** Whether a file is read without checking the shape of its values (see shape-checks.ts). */
  lenient(file: number): boolean;
  /** A file's compressed size, for the progress lines. */
  bytes(file: number): number;
  /** A file's day folder, by its number in the set. */
  folder(file: number): number;
  /** A file's path. */
  path(file: number): string;
  readingThreads(): ReadingThreads;
  /** The most JSON one file may expand to. */
  readonly limit: number;
  /** A file the reading threads could not read, with why. */
  unreadable(file: number, reason: string): void;
  /** What was handed to DuckDB, for the progress lines: a file's compressed bytes (once) and its JSON. */
  handed(bytes: number, json: number): void;
  /** Why the engine stopped, once it has: a scan then ends with that error rather than read on. */
  stopped(): Error | undefined;
  /**
   * Anything else that ended a scan (a reading thread that failed: a bug, never a file's fault). DuckDB keeps
   * only its message, so the error itself is kept for the query's failure to carry, with its stack.
   */
  failed(error: Error): void;
}

/** How much larger than its files the function says its output is (see bindFunction). */
const JOIN_SIDE_FACTOR = 1e6;

/** The function's columns, in order. */
const COLUMNS = ['file', 'body', 'suspect', 'lenient', 'folder', 'path'] as const;
/** A chunk carries about one answer of JSON, so DuckDB parses while the threads read. */
const CHUNK_BYTES = ANSWER_BYTES;
const CHUNK_ROWS = 2048;
/**
 * The longest the main thread waits for the threads within one call: DuckDB calls the function on the main
 * thread and waits for it, so while it waits nothing else runs there (a signal's handler, a progress line). When
 * nothing is ready by then, the function hands DuckDB one empty row (every column NULL), which the view and the
 * closer look skip, and DuckDB calls again.
 */
export const WAIT_MS = 50;

interface Scan {
  /** None when no file is left to the reading threads: they are not even started. */
  readonly stream: FileStream | undefined;
  /** The file of the last piece handed over: a large file comes in several, counted once for progress. */
  lastFile: number | undefined;
  /** The columns DuckDB asks for, by their index among the function's columns. */
  readonly columns: readonly number[];
  ended: boolean;
}

export function registerLogFileTable(connection: DuckDBConnection, source: LogFileSource): void {
  connection.registerTableFunction(
    DuckDBTableFunction.create({
      name: LOG_FILES_FUNCTION,
      parameterTypes: [INTEGER],
      namedParameterTypes: { files: LIST(INTEGER) },
      supportsProjectionPushdown: true,
      bindFunction: (info) => {
        const set = Number(info.getParameter(0));
        const only = info.getNamedParameter('files');
        const types = {
          file: INTEGER,
          body: VARCHAR,
          suspect: BOOLEAN,
          lenient: BOOLEAN,
          folder: INTEGER,
          path: VARCHAR,
        };
        for (const column of COLUMNS) info.addResultColumn(column, types[column]);
        info.setBindData({ set, only: only instanceof DuckDBListValue ? only.items.map(Number) : undefined });
        // Far above the files' count on purpose: DuckDB then builds its join's hash tables on the small tables
        // of files and folders, never on this function's JSON (which it would otherwise hold whole).
        info.setCardinality(source.files(set).count * JOIN_SIDE_FACTOR, false);
      },
      initFunction: (info) => {
        const { set, only } = info.bindData as { set: number; only?: number[] };
        const files = source.files(set, only && new Set(only));
        const scan: Scan = {
          stream:
            files.count > 0
              ? keepingFailure(source, () => source.readingThreads().open(files, source.limit))
              : undefined,
          lastFile: undefined,
          columns: info.getColumnIndexes(),
          ended: false,
        };
        info.setInitData(scan);
        // Each of DuckDB's threads takes chunks of its own, so that it parses them while the others do theirs.
        info.setMaxThreads(availableParallelism());
      },
      mainFunction: (info, output) => {
        try {
          keepingFailure(source, () => fillChunk(info.initData as Scan, output, source));
        } catch (error) {
          info.setError(messageOf(error));
        }
      },
    }),
  );
}

/** Runs `work`; what it throws, the engine's stop aside, is also kept for the query (LogFileSource.failed). */
function keepingFailure<T>(source: LogFileSource, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Error && error !== source.stopped()) source.failed(error);
    throw error;
  }
}

type FileBody = Extract<FileRead, { body: Uint8Array }>;

/** Fills a chunk with the files read so far (waiting a little for the first), or ends the scan. */
function fillChunk(scan: Scan, output: DuckDBDataChunk, source: LogFileSource): void {
  const stopped = source.stopped();
  if (stopped) {
    scan.stream?.close();
    throw stopped;
  }
  const { stream } = scan;
  const reads: FileBody[] = [];
  let bytes = 0;
  while (stream && !scan.ended && reads.length < CHUNK_ROWS && bytes < CHUNK_BYTES) {
    const read = stream.next(reads.length === 0 ? WAIT_MS : 0);
    if (read === undefined) scan.ended = true;
    if (!read) break;
    if ('problem' in read) {
      source.unreadable(read.file, read.problem);
      continue;
    }
    reads.push(read);
    bytes += read.body.length;
  }
  if (reads.length === 0) {
    if (!stream || scan.ended) {
      output.rowCount = 0;
      stream?.close();
    } else emptyRow(scan, output);
    return;
  }
  output.rowCount = reads.length;
  for (const read of reads) {
    source.handed(read.file === scan.lastFile ? 0 : source.bytes(read.file), read.body.length);
    scan.lastFile = read.file;
  }
  scan.columns.forEach((column, index) => {
    const name = COLUMNS[column]!;
    if (name === 'body') {
      const vector = bindings.data_chunk_get_vector(output.chunk, index);
      reads.forEach((read, row) => bindings.vector_assign_string_element_len(vector, row, read.body));
      return;
    }
    const value = {
      file: (read: FileBody) => read.file,
      suspect: (read: FileBody) => read.suspect,
      lenient: (read: FileBody) => source.lenient(read.file),
      folder: (read: FileBody) => source.folder(read.file),
      path: (read: FileBody) => source.path(read.file),
    }[name];
    const vector = output.getColumnVector(index);
    reads.forEach((read, row) => vector.setItem(row, value(read)));
    vector.flush();
  });
  stream!.release();
}

/**
 * A row with no file and no JSON, read leniently, so that it yields no record and fails no check: DuckDB calls
 * again, and the main thread has had its turn meanwhile. (Filtering such rows out by a WHERE on the function
 * would be plainer, but DuckDB then keeps the JSON of every row it let through: a few times the file's size.)
 */
function emptyRow(scan: Scan, output: DuckDBDataChunk): void {
  output.rowCount = 1;
  const values = { file: null, body: null, suspect: false, lenient: true, folder: null, path: null };
  scan.columns.forEach((column, index) => {
    const vector = output.getColumnVector(index);
    vector.setItem(0, values[COLUMNS[column]!]);
    vector.flush();
  });
}
