// @ts-check
/**
 * Why a gzip file does not decompress, named as precisely as its bytes tell (see log-file-bytes.js): a file
 * that expands beyond what one log file may hold, a stream that ends early, bytes after the last gzip member
 * that are not gzip, or a stream zlib cannot read.
 */
import { inflateRawSync } from 'node:zlib';

/** @param {number} limit */
export function tooLarge(limit) {
  return `larger than ${limit / 2 ** 20} MiB of JSON, the most one log file may hold here: not read (a decompression bomb?)`;
}

/**
 * Why a gzip file does not decompress, as precisely as the bytes tell.
 * @param {Buffer} data
 * @param {NodeJS.ErrnoException} error
 * @param {number} limit
 */
export function gzipProblem(data, error, limit) {
  if (error.code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(limit);
  if (error.message === 'unexpected end of file') return 'truncated: the gzip stream ends early';
  const end = endOfGzipMembers(data, limit);
  if (end > 0 && end < data.length) {
    return `${data.length - end} bytes of trailing garbage after the end of the gzip stream`;
  }
  return `corrupt gzip: ${error.message}`;
}

/**
 * Where the whole gzip members at the start of the data end (0 when the first one is itself broken).
 * @param {Buffer} data
 * @param {number} limit
 */
function endOfGzipMembers(data, limit) {
  let offset = 0;
  while (offset + 18 <= data.length && data[offset] === 0x1f && data[offset + 1] === 0x8b) {
    try {
      const deflate = offset + headerLength(data, offset);
      const { engine } = /** @type {{ engine: { bytesWritten: number } }} */ (
        /** @type {unknown} */ (
          inflateRawSync(data.subarray(deflate), { info: true, maxOutputLength: limit })
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
