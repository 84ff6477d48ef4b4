/**
 * The output folder, made safe before any query is paid for. Its path is resolved through every link, so the
 * files land where the check says they do: inside `within` when given (the action's workspace, which may hold
 * a pull request's code and its links), never at a filesystem root or in a system folder. Missing folders are
 * made one level at a time: one mkdir each, so a place where no folder can be made (such as /proc) fails at
 * once rather than looping.
 */
import { access, constants, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';

/** The system's own folders and the kernel's pseudo-filesystems: no audit writes in or below them. */
const SYSTEM_FOLDERS = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/private/etc',
  '/proc',
  '/run',
  '/sbin',
  '/sys',
  '/System',
  '/usr',
];

export interface OutputDirOptions {
  /** A folder the output must stay inside, links resolved: the action's workspace. */
  readonly within?: string;
}

function inside(folder: string, real: string): boolean {
  return real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);
}

function refuse(dir: string, rule: string): InputError {
  return new InputError('output-dir', dir, rule);
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ?? message;
}

/** Creates the folder when needed and checks it; returns its real path, the one to write the files to. */
export async function prepareOutputDir(dir: string, options: OutputDirOptions = {}): Promise<string> {
  const within = options.within === undefined ? undefined : await realpath(options.within);
  const check = (real: string, shown: string) => {
    if (within !== undefined && !inside(within, real)) {
      throw refuse(dir, `must stay inside the workspace ${within}: ${shown} leads to ${real}`);
    }
    if (SYSTEM_FOLDERS.some((folder) => inside(folder, real))) {
      throw refuse(dir, `must not be in a system folder (${real})`);
    }
  };
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let real: string | undefined;
  for (let at = absolute; real === undefined; at = path.dirname(at)) {
    try {
      real = await realpath(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) {
        throw refuse(dir, `must be a folder this process can create and write (${reasonOf(error)})`);
      }
      // Absent, or a link to nothing: made (or refused) below, one level at a time.
      missing.unshift(path.basename(at));
    }
  }
  check(real, real);
  for (const name of missing) {
    const next = path.join(real, name);
    try {
      await mkdir(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw refuse(dir, `must be a folder this process can create and write (${reasonOf(error)})`);
      }
    }
    try {
      real = await realpath(next);
    } catch (error) {
      throw refuse(dir, `must be a folder, not a link to nothing (${next}: ${reasonOf(error)})`);
    }
    check(real, next);
  }
  if (path.parse(real).root === real) throw refuse(dir, `must not be the root of a filesystem (${real})`);
  try {
    if (!(await stat(real)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    await access(real, constants.W_OK);
  } catch (error) {
    throw refuse(dir, `must be a folder this process can create and write (${reasonOf(error)})`);
  }
  return real;
}
