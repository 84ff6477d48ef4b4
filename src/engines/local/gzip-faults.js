// @ts-check
/**
 * Why a gzip file does not decompress, named as precisely as its bytes tell (see log-file-bytes.js): a file
 * that expands beyond what one log file may hold, a stream that ends early, bytes after the last gzip member
 * that are not gzip, or a stream zlib cannot read.
 */
import { inflateRawSync } from 'node:zlib';

/** @param {number} limit */
export function tooLarge(limit) {
  return `larger than ${limit / 2 ** 20} MiB of JSON, the most one log file may hold here (max-log-file-mib): not read (a decompression bomb?)`;
}

/** What inflating a member may produce while looking for where the members end: the most a small file holds whole. */
const MEMBER_BYTES = 4 << 20;

/**
 * Why a gzip file does not decompress, as precisely as the bytes tell.
 * @param {Buffer} data
 * @param {NodeJS.ErrnoException} error
 */
export function gzipProblem(data, error) {
  if (error.message === 'unexpected end of file') return 'truncated: the gzip stream ends early';
  const end = endOfGzipMembers(data);
  if (end > 0 && end < data.length) {
    return `${data.length - end} bytes of trailing garbage after the end of the gzip stream`;
  }
  return `corrupt gzip: ${error.message}`;
}

/**
 * Why a streaming gzip file stopped, from zlib's error alone: its bytes are not all at hand.
 * @param {NodeJS.ErrnoException} error
 * @param {number} inflated the bytes of JSON inflated before the fault
 */
export function streamProblem(error, inflated) {
  if (error.message === 'unexpected end of file') return 'truncated: the gzip stream ends early';
  // zlib checks a header only where a member begins: after the first, what follows is not gzip.
  if (inflated > 0 && /header check|unknown compression method/.test(error.message)) {
    return 'trailing garbage after the end of the gzip stream';
  }
  return `corrupt gzip: ${error.message}`;
}

/**
 * Where the whole gzip members at the start of the data end (0 when the first one is itself broken).
 * @param {Buffer} data
 */
function endOfGzipMembers(data) {
  let offset = 0;
  while (offset + 18 <= data.length && data[offset] === 0x1f && data[offset + 1] === 0x8b) {
    try {
      const deflate = offset + headerLength(data, offset);
      const { engine } = /** @type {{ engine: { bytesWritten: number } }} */ (
        /** @type {unknown} */ (
          inflateRawSync(data.subarray(deflate), { info: true, maxOutputLength: MEMBER_BYTES })
        )
      );
      offset = deflate + engine.bytesWritten + 8;
    } catch {
      return offset;
    }
  }
  return offset;
}

/**
 * The length of the gzip header at `offset`: ten bytes, then the optional fields its flags announce.
 * @param {Buffer} data
 * @param {number} offset
 */
function headerLength(data, offset) {
  const flags = data[offset + 3] ?? 0;
  let at = offset + 10;
  if (flags & 4) at += 2 + data.readUInt16LE(at);
  if (flags & 8) at = data.indexOf(0, at) + 1;
  if (flags & 16) at = data.indexOf(0, at) + 1;
  if (flags & 2) at += 2;
  return at - offset;
}
