/**
 * The logs folder a local audit reads: it must exist and be a folder, which is checked when the engine opens,
 * before the run touches its output folder, so a mistyped path never costs the last run's report.
 */
import { realpath, stat } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';

/** The logs folder with links resolved, so every path below it can be checked to stay inside it. */
export async function logsRoot(logsDir: string): Promise<string> {
  try {
    const root = await realpath(logsDir);
    if (!(await stat(root)).isDirectory()) {
      throw new UsageError(
        `logs ${JSON.stringify(logsDir)} is a file: give the folder that holds the copy of the bucket.`,
      );
    }
    return root;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `logs ${JSON.stringify(logsDir)} does not exist: give the folder that holds the copy of the bucket (aws s3 sync s3://BUCKET DIR).`
        : `logs ${JSON.stringify(logsDir)} cannot be read (${code ?? String(error)}).`,
    );
  }
}
