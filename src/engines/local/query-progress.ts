/**
 * How far a running statement of the local engine has read, said every few seconds as the Athena engine says how
 * long a query has run: the compressed bytes of the files the reading threads have handed DuckDB and DuckDB's
 * own progress on the files it reads directly, against the window's; and the JSON handed over, since a large
 * file counts once its reading starts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { byteSize } from '../../core/wording.js';
import type { FileLedger } from './file-ledger.js';

export class QueryProgress {
  private bytes = 0;
  private json = 0;

  constructor(
    private readonly id: string,
    private readonly started: number,
    private readonly ledger: FileLedger,
    private readonly connection: DuckDBConnection,
    /** The set of files the table being read has; none when the window has no file. */
    private readonly set: number | undefined,
  ) {}

  /** What the reading threads handed DuckDB: a file's compressed bytes (once) and JSON. */
  handed(bytes: number, json: number): void {
    this.bytes += bytes;
    this.json += json;
  }

  /** Says how far it has read every `intervalMs`, until the timer returned is cleared. */
  report(log: (message: string) => void, intervalMs: number): NodeJS.Timeout {
    return setInterval(() => log(this.line()), intervalMs).unref();
  }

  private line(): string {
    const { set } = this;
    const total = set === undefined ? 0 : this.ledger.readBytes(set);
    const direct = (set === undefined ? [] : this.ledger.direct(set)).reduce(
      (sum, file) => sum + this.ledger.bytes(file.n),
      0,
    );
    const read = this.bytes + (Math.max(0, this.connection.progress.percentage) / 100) * direct;
    const percentage = total > 0 ? Math.min(100, (read * 100) / total) : 0;
    const seconds = Math.round((Date.now() - this.started) / 1000);
    const json = this.json > 0 ? ` (${byteSize(this.json)} of JSON from the reading threads)` : '';
    return `${this.id}: read ${Math.floor(percentage)}% of the window's logs${json} in ${seconds} s`;
  }
}
