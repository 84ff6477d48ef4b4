// @ts-check
/**
 * Opens a log file once, and checks what was opened rather than what was listed: the name may have been
 * swapped since the listing (for a FIFO, a socket, a link out of the logs folder). It is opened without
 * blocking (O_NONBLOCK: opening a FIFO does not wait for a writer), must be a regular file by fstat, and must
 * lie inside the logs folder by its real path: the path the kernel holds for the open descriptor
 * (/proc/self/fd/N) where there is one, else the named path resolved again and matched to the descriptor by
 * device and inode. Whatever is read is then read from that descriptor. Plain JavaScript: the reading threads
 * (reading-thread.js) use it as much as the engine.
 */
import { closeSync, constants, fstatSync, openSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * @param {string} path
 * @param {string} root the logs folder, itself a real path
 * @returns {{ fd: number, size: number } | { problem: string }}
 */
export function openLogFile(path, root) {
  let fd;
  try {
    fd = openSync(path, FLAGS);
  } catch (error) {
    return { problem: openProblem(/** @type {NodeJS.ErrnoException} */ (error)) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Refusal(`${kindOf(stats)}, not a regular file: not read`);
    const real = realPathOf(fd, path, stats);
    if (real !== root && !real.startsWith(`${root}${sep}`)) {
      throw new Refusal(`a link to ${real}, outside the logs folder: not read`);
    }
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    if (error instanceof Refusal) return { problem: error.message };
    const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
    return { problem: `could not be read: ${code ?? message}` };
  }
}

class Refusal extends Error {}

/**
 * @param {number} fd
 * @param {string} path
 * @param {import('node:fs').Stats} stats
 */
function realPathOf(fd, path, stats) {
  let held;
  try {
    held = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    held = undefined;
  }
  if (held !== undefined && held.startsWith('/')) {
    if (held.endsWith(' (deleted)')) throw new Refusal('removed since it was listed: not read');
    return held;
  }
  const real = realpathSync(path);
  const named = statSync(real);
  if (named.dev !== stats.dev || named.ino !== stats.ino) {
    throw new Refusal('replaced while it was being opened: not read');
  }
  return real;
}

/** @param {import('node:fs').Stats} stats */
function kindOf(stats) {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** @param {NodeJS.ErrnoException} error */
function openProblem(error) {
  switch (error.code) {
    case 'ELOOP':
      return 'a link that leads back to itself (ELOOP): not read';
    case 'ENOENT':
      return 'gone since it was listed, or a link to nothing: not read';
    case 'ENXIO':
      return 'a socket, not a regular file: not read';
    case 'EACCES':
    case 'EPERM':
      return `no permission to read it (${error.code}): not read`;
    default:
      return `could not be read: ${error.code ?? error.message}`;
  }
}

/** @param {number} fd */
export function closeLogFile(fd) {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing is held.
  }
}
