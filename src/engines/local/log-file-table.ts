/**
 * `_cloudtrail_log_files(set)`: the table function the local view reads, a row per log file of a prepared
 * table with the file's number, its JSON (read and decompressed by the reading threads) and how to read it. DuckDB never opens a log file itself: it reads exactly the files the engine lists, whatever
 * characters their names hold, and pays no per-file cost of its own.
 */
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
import { ANSWER_BYTES, type FileRead, type FileStream, type ReadingThreads } from './reading-threads.js';

export const LOG_FILES_FUNCTION = '_cloudtrail_log_files';

/** A file of a set, and how it is read now. */
export interface LogFileRow {
  /** The engine's number for the file, unique across sets. */
  readonly file: number;
  readonly path: string;
  /** Compressed size. */
  readonly bytes: number;
  /** Read without checking the shape of its values (see shape-checks.ts). */
  readonly lenient: boolean;
  /** Lone surrogate escapes rewritten (see reading-thread.js). */
  readonly repair: boolean;
}

export interface LogFileSource {
  /** A set's files not set aside. */
  files(set: number): readonly LogFileRow[];
  readingThreads(): ReadingThreads;
  /** The most JSON one file may expand to. */
  readonly limit: number;
  /** A file the reading threads could not read, with why. */
  unreadable(file: number, reason: string): void;
  /** Compressed bytes handed to DuckDB, for the progress lines. */
  handed(bytes: number): void;
}

/** The function's columns, in order. */
const COLUMNS = ['file', 'body', 'suspect', 'lenient'] as const;
/** A chunk carries about one answer of JSON, so DuckDB parses while the threads read. */
const CHUNK_BYTES = ANSWER_BYTES;
const CHUNK_ROWS = 2048;

interface Scan {
  /** None when no file is left to the reading threads: they are not even started. */
  readonly stream: FileStream | undefined;
  /** The file of the last piece handed over: a large file comes in several, counted once for progress. */
  lastFile: number | undefined;
  readonly rows: ReadonlyMap<number, LogFileRow>;
  /** The columns DuckDB asks for, by their index among the function's columns. */
  readonly columns: readonly number[];
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
        const types = { file: INTEGER, body: VARCHAR, suspect: BOOLEAN, lenient: BOOLEAN };
        for (const column of COLUMNS) info.addResultColumn(column, types[column]);
        info.setBindData({ set, only: only instanceof DuckDBListValue ? only.items.map(Number) : undefined });
        info.setCardinality(source.files(set).length, false);
      },
      initFunction: (info) => {
        const { set, only } = info.bindData as { set: number; only?: number[] };
        const named = only && new Set(only);
        const files = source.files(set).filter((row) => !named || named.has(row.file));
        const reads = files.map(({ file, path, bytes, repair }) => ({ file, path, bytes, repair }));
        const scan: Scan = {
          stream: reads.length > 0 ? source.readingThreads().open(reads, source.limit) : undefined,
          lastFile: undefined,
          rows: new Map(files.map((row) => [row.file, row])),
          columns: info.getColumnIndexes(),
        };
        info.setInitData(scan);
      },
      mainFunction: (info, output) => {
        try {
          fillChunk(info.initData as Scan, output, source);
        } catch (error) {
          info.setError(error instanceof Error ? error.message : String(error));
        }
      },
    }),
  );
}

/** Fills a chunk with the files read so far (waiting only for the first), or ends the scan. */
function fillChunk(scan: Scan, output: DuckDBDataChunk, source: LogFileSource): void {
  const { stream } = scan;
  const reads: Array<Extract<FileRead, { body: Uint8Array }>> = [];
  let bytes = 0;
  while (
    stream &&
    reads.length < CHUNK_ROWS &&
    bytes < CHUNK_BYTES &&
    (reads.length === 0 || stream.hasReady())
  ) {
    const read = stream.next();
    if (!read) break;
    if ('problem' in read) {
      source.unreadable(read.file, read.problem);
      continue;
    }
    reads.push(read);
    bytes += read.body.length;
  }
  output.rowCount = reads.length;
  if (reads.length === 0) {
    stream?.close();
    return;
  }
  const rows = reads.map((read) => scan.rows.get(read.file)!);
  for (const row of rows) {
    if (row.file !== scan.lastFile) source.handed(row.bytes);
    scan.lastFile = row.file;
  }
  scan.columns.forEach((column, index) => {
    const name = COLUMNS[column];
    if (name === 'body') {
      const vector = bindings.data_chunk_get_vector(output.chunk, index);
      reads.forEach((read, row) => bindings.vector_assign_string_element_len(vector, row, read.body));
      return;
    }
    const values =
      name === 'file'
        ? rows.map((row) => row.file)
        : name === 'suspect'
          ? reads.map((read) => read.suspect)
          : rows.map((row) => row.lenient);
    const vector = output.getColumnVector(index);
    values.forEach((value, row) => vector.setItem(row, value));
    vector.flush();
  });
  stream!.release();
}
