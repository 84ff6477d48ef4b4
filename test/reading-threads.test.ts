/**
 * The reading threads' rings: every file's JSON comes back byte for byte, wherever in the ring the thread put
 * it, including a file that ends exactly at the ring's end, after which the next one must start over at the
 * ring's beginning (it once ran past the end: "offset is out of bounds", seen twice in a million files).
 */
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileRead, FileToRead } from '../src/engines/local/file-stream.js';
import { RING_BYTES, ReadingThreads } from '../src/engines/local/reading-threads.js';

/** A log file's JSON of exactly `bytes` bytes, told apart from every other by its number. */
function logJson(n: number, bytes: number): Buffer {
  const empty = JSON.stringify({ Records: [{ eventID: `file-${n}`, pad: '' }] });
  const json = JSON.stringify({ Records: [{ eventID: `file-${n}`, pad: 'x'.repeat(bytes - empty.length) }] });
  return Buffer.from(json);
}

let threads: ReadingThreads | undefined;
let root: string | undefined;
afterEach(async () => {
  await threads?.close();
  threads = undefined;
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** Reads the files through one thread, releasing each as a scan does, and returns what came back per file. */
async function readThrough(bodies: readonly Buffer[]): Promise<Map<number, string>> {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'support-audit-ring-')));
  const files: FileToRead[] = [];
  for (const [file, body] of bodies.entries()) {
    const name = path.join(root, `${file}.json.gz`);
    const gzip = gzipSync(body);
    await writeFile(name, gzip);
    files.push({ file, path: name, bytes: gzip.length, repair: false });
  }
  threads = ReadingThreads.start(root, 1);
  const stream = threads.open({ count: files.length, describe: (i) => files[i]! }, 64 * 2 ** 20);
  const read = new Map<number, string>();
  for (let item: FileRead | undefined | null; (item = stream.next(100)) !== undefined;) {
    // A thread's end is an event: the loop lets it through while it waits, as DuckDB's scan does.
    if (item === null) await new Promise(setImmediate);
    if (!item) continue;
    if ('problem' in item) throw new Error(`file ${item.file}: ${item.problem}`);
    read.set(item.file, (read.get(item.file) ?? '') + Buffer.from(item.body).toString());
    stream.release();
  }
  stream.close();
  return read;
}

describe("the reading threads' ring", () => {
  it.each([
    ['that fill it exactly, then go round again', [RING_BYTES / 32]],
    ['of sizes that leave its end unused', [RING_BYTES / 32 - 1000, RING_BYTES / 32 + 777]],
  ])('hands back every file byte for byte, for files %s', async (_, sizes) => {
    const bodies = Array.from({ length: 48 }, (_, n) => logJson(n, sizes[n % sizes.length]!));
    const read = await readThrough(bodies);
    expect(read.size).toBe(bodies.length);
    for (const [n, body] of bodies.entries()) expect(read.get(n) === body.toString(), `file ${n}`).toBe(true);
  });
});
