// @ts-check
/**
 * A log file's bytes as DuckDB is given them (see reading-thread.js): read whole, decompressed when gzip, a byte
 * order mark dropped, lone surrogate escapes rewritten when asked, and a large file cut into documents of whole
 * records. Whatever makes a file unreadable is named here (gzip-faults.js): a gzip stream that is truncated or
 * followed by bytes that are not gzip, a file that expands beyond the limit (so one file never takes unbounded
 * memory), an empty one. A file that is not gzip at all is read as the plain JSON it may be, as Athena reads it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gzipProblem, tooLarge } from './gzip-faults.js';

const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);
/** How a delivered log file begins; anything else is looked at closely by the engine before it is trusted. */
const LOG_FILE_START = /^\s*\{\s*"Records"\s*:\s*\[/;
const HEAD_BYTES = 64;
const ESCAPE = Buffer.from('\\u');
const REPLACEMENT_CHARACTER = Buffer.from('fffd');
const RECORDS_START = Buffer.from('{"Records":[');
const RECORDS_END = Buffer.from(']}');

/** Reused for every file that fits, so a small file costs no allocation of its own. */
const scratch = Buffer.allocUnsafe(1 << 20);

/** A group read at once: small gzip files in it decompress together. */
const GROUP_FILES = 64;
const GROUP_BYTES = 256 * 1024;

/**
 * The JSON of the first files of the list, in order, each ready for DuckDB with whether it begins otherwise than
 * a delivered log file, or why it cannot be read; and how many files that was. Small gzip files decompress
 * together: concatenated, gzip members are one stream to zlib, which spares its set-up per file, and each
 * member's trailer says where its JSON ends. Should anything not add up, each is decompressed alone.
 * @param {ReadonlyArray<{ path: string, repair: boolean }>} files
 * @param {number} limit
 * @returns {{ results: Array<{ body: Buffer, suspect: boolean } | { problem: string }>, read: number }}
 */
export function readLogFiles(files, limit) {
  /** @type {Array<Buffer | { problem: string }>} */
  const raw = [];
  let rawBytes = 0;
  while (raw.length < files.length && raw.length < GROUP_FILES && rawBytes < GROUP_BYTES) {
    const read = readRaw(/** @type {{ path: string }} */ (files[raw.length]).path, limit);
    raw.push(read);
    if (!('problem' in read)) rawBytes += read.length;
  }
  const decoded = decodeTogether(raw, limit);
  const results = decoded.map((body, i) =>
    'problem' in body ? body : finish(body, /** @type {{ repair: boolean }} */ (files[i]).repair),
  );
  return { results, read: raw.length };
}

/**
 * A file's bytes (a copy: the group holds them all), or why it cannot be read; a file larger than any the
 * engine reads is refused without reading it.
 * @param {string} path
 * @param {number} limit
 * @returns {Buffer | { problem: string }}
 */
function readRaw(path, limit) {
  try {
    const data = readWhole(path, limit);
    return data === undefined ? { problem: tooLarge(limit) } : Buffer.from(data);
  } catch (error) {
    const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
    return { problem: `could not be read: ${code ?? message}` };
  }
}

/**
 * Each file's content decompressed: gzip files small enough in one zlib stream, the others alone.
 * @param {Array<Buffer | { problem: string }>} raw
 * @param {number} limit
 * @returns {Array<Buffer | { problem: string }>}
 */
function decodeTogether(raw, limit) {
  const together = raw.flatMap((data, i) =>
    !('problem' in data) && isGzip(data) && data.length >= 18
      ? [{ i, size: data.readUInt32LE(data.length - 4) }]
      : [],
  );
  const total = together.reduce((sum, { size }) => sum + size, 0);
  /** @type {Array<Buffer | { problem: string } | undefined>} */
  const decoded = raw.map(() => undefined);
  if (together.length > 1 && total <= limit) {
    try {
      const input = Buffer.concat(together.map(({ i }) => /** @type {Buffer} */ (raw[i])));
      const output = gunzipSync(input, { maxOutputLength: limit, chunkSize: Math.max(64, total + 1) });
      if (output.length === total) {
        let start = 0;
        for (const { i, size } of together) {
          decoded[i] = output.subarray(start, start + size);
          start += size;
        }
      }
    } catch {
      // One of them is at fault: each is decompressed alone below, which names it.
    }
  }
  return raw.map((data, i) => decoded[i] ?? ('problem' in data ? data : decode(data, limit)));
}

/** @param {Buffer} data */
function isGzip(data) {
  return data[0] === 0x1f && data[1] === 0x8b;
}

/**
 * One file's content decompressed when gzip, as it is when not (a plain JSON file under a .gz name is read,
 * as Athena reads it), or why it cannot be.
 * @param {Buffer} data
 * @param {number} limit
 * @returns {Buffer | { problem: string }}
 */
function decode(data, limit) {
  if (!isGzip(data)) return data;
  try {
    return gunzipSync(data, { maxOutputLength: limit, chunkSize: sizeHint(data, limit) });
  } catch (error) {
    return { problem: gzipProblem(data, /** @type {NodeJS.ErrnoException} */ (error), limit) };
  }
}

/**
 * A file's JSON as DuckDB is given it: without a byte order mark, lone surrogates rewritten when asked; or why
 * there is none.
 * @param {Buffer} body
 * @param {boolean} repair
 * @returns {{ body: Buffer, suspect: boolean } | { problem: string }}
 */
function finish(body, repair) {
  const json = body.subarray(0, 3).equals(BYTE_ORDER_MARK) ? body.subarray(3) : body;
  const head = json.toString('latin1', 0, HEAD_BYTES);
  if (head.trim() === '' && json.toString('latin1').trim() === '') {
    return { problem: 'empty file: no JSON object' };
  }
  if (repair) replaceLoneSurrogates(json);
  return { body: json, suspect: !LOG_FILE_START.test(head) };
}

/**
 * The file's bytes, valid until the next file is read; undefined when it is larger than any file the engine
 * reads, which it can tell without reading it.
 * @param {string} path
 * @param {number} limit
 * @returns {Buffer | undefined}
 */
function readWhole(path, limit) {
  const descriptor = openSync(path, 'r');
  try {
    const length = readSync(descriptor, scratch, 0, scratch.length, 0);
    if (length < scratch.length) return scratch.subarray(0, length);
    const size = fstatSync(descriptor).size;
    if (size > limit) return undefined;
    const whole = Buffer.allocUnsafe(size + 1);
    return whole.subarray(0, readSync(descriptor, whole, 0, whole.length, 0));
  } finally {
    closeSync(descriptor);
  }
}

/**
 * gzip's trailer holds the size decompressed: one output buffer of that size spares zlib its growing and
 * copying. Deflate cannot shrink data more than about 1,032 times, so a larger claim is not believed.
 * @param {Buffer} data
 * @param {number} limit
 */
function sizeHint(data, limit) {
  const claimed = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
  return Math.max(64, Math.min(claimed + 1, data.length * 1032, limit + 1));
}

/**
 * Rewrites, in place, each `\uD800`-`\uDFFF` escape that is not half of a surrogate pair as `\uFFFD`, the
 * replacement character, of the same length: JSON allows such an escape, DuckDB's parser does not, and Athena
 * reads the record. Only for a file DuckDB refused for it.
 * @param {Buffer} body
 */
function replaceLoneSurrogates(body) {
  for (let at = body.indexOf(ESCAPE); at !== -1; at = body.indexOf(ESCAPE, at + 2)) {
    let backslashes = 0;
    while (at - backslashes >= 0 && body[at - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) continue;
    const unit = hexUnit(body, at + 2);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    if (high && body[at + 6] === 0x5c && body[at + 7] === 0x75) {
      const next = hexUnit(body, at + 8);
      if (next >= 0xdc00 && next <= 0xdfff) {
        at += 6;
        continue;
      }
    }
    if (high || (unit >= 0xdc00 && unit <= 0xdfff)) REPLACEMENT_CHARACTER.copy(body, at + 2);
  }
}

/**
 * The four hex digits at `at` as a number, or -1.
 * @param {Buffer} body
 * @param {number} at
 */
function hexUnit(body, at) {
  const digits = body.toString('latin1', at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? Number.parseInt(digits, 16) : -1;
}

/**
 * A log file's JSON as documents of at most about `size` bytes each, `{"Records":[...]}` with whole records,
 * so that DuckDB never holds one large document at once. Only a file that is one well-formed Records object is
 * cut; any other, or one whose end is not where it should be (a truncated file), is left whole, for DuckDB to
 * read or refuse as it is.
 * @param {Buffer} body
 * @param {number} size
 * @returns {Buffer[]}
 */
export function recordPieces(body, size) {
  if (body.length <= size) return [body];
  const head = LOG_FILE_START.exec(body.toString('latin1', 0, HEAD_BYTES));
  if (!head) return [body];
  /** @type {number[]} */
  const cuts = [];
  let start = head[0].length;
  let depth = 0;
  let at = start;
  for (; at < body.length; at++) {
    const byte = body[at];
    if (byte === 0x22) {
      // Inside a string nothing counts but its closing quote; a backslash escapes the next byte.
      for (at++; at < body.length && body[at] !== 0x22; at++) if (body[at] === 0x5c) at++;
    } else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      if (depth === 0) break;
      depth--;
    } else if (byte === 0x2c && depth === 0 && at - start >= size) {
      cuts.push(start, at);
      start = at + 1;
    }
  }
  if (body[at] !== 0x5d || body.toString('latin1', at + 1).trim() !== '}') return [body];
  cuts.push(start, at);
  /** @type {Buffer[]} */
  const pieces = [];
  for (let i = 0; i < cuts.length; i += 2) {
    pieces.push(Buffer.concat([RECORDS_START, body.subarray(cuts[i], cuts[i + 1]), RECORDS_END]));
  }
  return pieces;
}
