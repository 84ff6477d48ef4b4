// @ts-check
/**
 * A large log file's JSON cut, as it streams in, into documents of whole records, `{"Records":[...]}` of about
 * `pieceBytes` each, so that neither the reading thread nor DuckDB ever holds the whole file. Only a file that
 * is one `{"Records":[...]}` object can be cut (CloudTrail writes nothing else); any other content, a record
 * larger than MAX_PENDING_BYTES, or a file that ends before its Records array does is a problem, named.
 */

const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);
/** How a delivered log file begins, blanks allowed. */
const LOG_FILE_START = /^\s*\{\s*"Records"\s*:\s*\[/;
const HEAD_BYTES = 64;
const RECORDS_START = Buffer.from('{"Records":[');
const RECORDS_END = Buffer.from(']}');
/**
 * No record comes near this (CloudTrail cuts its free-form fields at 100 KB): a longer stretch without a place
 * to cut is not a log file. It keeps every piece under half a reading thread's ring.
 */
export const MAX_PENDING_BYTES = 12 * 2 ** 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);
const BLANKS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export class PieceProblem extends Error {}

export class RecordPieces {
  /** Bytes not yet handed out, from the start of the current piece's records. @type {Buffer} */
  #pending = Buffer.alloc(0);
  /** Where the scan stands in #pending. */
  #at = 0;
  #phase = /** @type {'head' | 'records' | 'tail'} */ ('head');
  #depth = 0;
  #inString = false;
  #pieces = 0;

  /** @param {number} pieceBytes */
  constructor(pieceBytes) {
    this.pieceBytes = pieceBytes;
  }

  /**
   * The pieces this chunk of the file completes.
   * @param {Buffer} chunk
   * @returns {Buffer[]}
   */
  push(chunk) {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    /** @type {Buffer[]} */
    const pieces = [];
    if (this.#phase === 'head' && !this.#readHead(false)) return pieces;
    if (this.#phase === 'records') this.#scanRecords(pieces);
    if (this.#phase === 'tail') this.#checkTail();
    if (this.#pending.length > MAX_PENDING_BYTES) {
      throw new PieceProblem(
        `a record of more than ${MAX_PENDING_BYTES / 2 ** 20} MiB of JSON: not a CloudTrail log file, not read`,
      );
    }
    return pieces;
  }

  /**
   * The last piece, once the whole file has been pushed.
   * @returns {Buffer[]}
   */
  end() {
    if (this.#phase === 'head') {
      if (this.#pending.toString('latin1').trim() === '')
        throw new PieceProblem('empty file: no JSON object');
      this.#readHead(true);
    }
    if (this.#phase === 'records')
      throw new PieceProblem('truncated: the JSON ends inside its Records array');
    if (!this.#closed) throw new PieceProblem('truncated: the JSON ends before its closing brace');
    return [];
  }

  #closed = false;

  /** @param {boolean} atEnd */
  #readHead(atEnd) {
    if (this.#pending.length < HEAD_BYTES + BYTE_ORDER_MARK.length && !atEnd) return false;
    const start = this.#pending.subarray(0, 3).equals(BYTE_ORDER_MARK) ? 3 : 0;
    const head = LOG_FILE_START.exec(this.#pending.toString('latin1', start, start + HEAD_BYTES));
    if (!head) {
      throw new PieceProblem(
        'a large file that does not begin as a CloudTrail log file ({"Records":[...]}): not read',
      );
    }
    this.#pending = this.#pending.subarray(start + head[0].length);
    this.#at = 0;
    this.#phase = 'records';
    return true;
  }

  /** @param {Buffer[]} pieces */
  #scanRecords(pieces) {
    let data = this.#pending;
    let at = this.#at;
    while (at < data.length) {
      if (this.#inString) {
        const quote = data.indexOf(QUOTE, at);
        if (quote === -1) {
          at = data.length;
          break;
        }
        let backslashes = 0;
        while (data[quote - 1 - backslashes] === BACKSLASH) backslashes++;
        at = quote + 1;
        if (backslashes % 2 === 0) this.#inString = false;
        continue;
      }
      const byte = /** @type {number} */ (data[at]);
      if (byte === QUOTE) this.#inString = true;
      else if (OPENERS.has(byte)) this.#depth++;
      else if (CLOSERS.has(byte)) {
        if (this.#depth === 0) {
          // The end of the Records array: the last piece, and then only the closing brace may follow.
          if (byte !== 0x5d) throw new PieceProblem('malformed JSON: the Records array is not closed');
          if (at > 0 || this.#pieces === 0) pieces.push(this.#piece(data.subarray(0, at)));
          this.#pending = data.subarray(at + 1);
          this.#at = 0;
          this.#phase = 'tail';
          return;
        }
        this.#depth--;
      } else if (byte === COMMA && this.#depth === 0 && at >= this.pieceBytes) {
        pieces.push(this.#piece(data.subarray(0, at)));
        data = data.subarray(at + 1);
        at = 0;
        continue;
      }
      at++;
    }
    this.#pending = data;
    this.#at = at;
  }

  /** @param {Buffer} records */
  #piece(records) {
    this.#pieces++;
    return Buffer.concat([RECORDS_START, records, RECORDS_END]);
  }

  #checkTail() {
    for (const byte of this.#pending) {
      if (BLANKS.has(byte)) continue;
      if (byte === 0x7d && !this.#closed) {
        this.#closed = true;
        continue;
      }
      throw new PieceProblem(
        'content after the Records array that a CloudTrail log file does not hold: not read',
      );
    }
    this.#pending = Buffer.alloc(0);
  }
}
