/**
 * The check of a Parquet object's footer before DuckDB reads it. DuckDB's reader trusts the list sizes a footer
 * declares and makes room for them before reading a single entry: a 37-byte object declaring a list of two
 * billion entries is refused at once, but one declaring tens of millions makes it allocate gigabytes and parse
 * for minutes, and no memory limit or interruption reaches that code. So the footer is walked here first, in
 * bounded memory, through Thrift's compact protocol (the footer's encoding): every list, map and byte string
 * must fit in the bytes that remain, the entries of all of them together must stay under a cap, and the nesting
 * under a depth. What passes can cost DuckDB at most the cap's worth of entries. The walk also reads the rows
 * the footer declares, which the object's row caps are checked against, and digests the parts DuckDB's schema
 * of the object comes from, so that DuckDB is asked for the schema once per schema rather than per object.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { byteSize, plural } from '../../core/wording.js';

export interface FooterLimits {
  /** Bytes a footer may take. */
  readonly bytes: number;
  /** Entries of all the footer's lists and maps together: each can cost DuckDB up to about 1 KB. */
  readonly entries: number;
  /** Levels of nesting. */
  readonly depth: number;
}

/**
 * A footer passed, with the rows its row groups declare (the rows DuckDB reads) and a digest of what DuckDB's
 * schema of the object comes from (its schema elements and key-value metadata: objects of one digest have one
 * schema), or the reason it did not.
 */
export type FooterCheck = { readonly rows: number; readonly schema: string } | { readonly reason: string };

const MAGIC = 'PAR1';
const ENCRYPTED_MAGIC = 'PARE';
/** The leading magic, the footer's length and the trailing magic. */
const FRAMING_BYTES = 12;

/** Thrift's compact protocol type codes (Apache Thrift, doc/specs/thrift-compact-protocol.md). */
const TYPE = {
  stop: 0,
  true: 1,
  false: 2,
  byte: 3,
  i16: 4,
  i32: 5,
  i64: 6,
  double: 7,
  binary: 8,
  list: 9,
  set: 10,
  map: 11,
  struct: 12,
} as const;

/** Field ids of parquet.thrift: FileMetaData.schema, .row_groups and .key_value_metadata, RowGroup.num_rows. */
const SCHEMA = 2;
const ROW_GROUPS = 4;
const KEY_VALUE_METADATA = 5;
const ROW_GROUP_ROWS = 3;

class FooterFault extends Error {}

/** A bounded walk over Thrift compact bytes: it never makes room for more than it has read. */
class CompactReader {
  private position = 0;
  private entries = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly limits: FooterLimits,
  ) {}

  /** Where the walk is, in the footer's bytes. */
  get at(): number {
    return this.position;
  }

  private get remaining(): number {
    return this.bytes.length - this.position;
  }

  private byte(): number {
    if (this.remaining < 1) throw new FooterFault('ends in the middle of a value');
    return this.bytes[this.position++]!;
  }

  private varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new FooterFault('holds a number longer than 10 bytes');
  }

  /** A zigzag-encoded integer (i16, i32, i64). */
  integer(): bigint {
    const raw = this.varint();
    return (raw >> 1n) ^ -(raw & 1n);
  }

  private skip(count: number, what: string): void {
    if (count > this.remaining) {
      throw new FooterFault(`declares ${what} of ${plural(count, 'byte')} where ${this.remaining} remain`);
    }
    this.position += count;
  }

  /** Counts the entries a list or map declares, refusing more than the bytes left could hold. */
  private declare(count: number, bytesEach: number): void {
    if (count * bytesEach > this.remaining) {
      throw new FooterFault(
        `declares a list of ${plural(count, 'entry', 'entries')} in the ${plural(this.remaining, 'byte')} that remain`,
      );
    }
    this.entries += count;
    if (this.entries > this.limits.entries) {
      throw new FooterFault(
        `declares more than ${plural(this.limits.entries, 'list entry', 'list entries')}, more than a footer of row groups and columns needs`,
      );
    }
  }

  private nested(depth: number): number {
    if (depth >= this.limits.depth) {
      throw new FooterFault(`nests deeper than ${this.limits.depth} levels`);
    }
    return depth + 1;
  }

  /**
   * A struct's fields up to its stop; `field` may read a field's value itself (returning true), otherwise the
   * value is skipped.
   */
  struct(depth: number, field?: (id: number, type: number) => boolean): void {
    const inner = this.nested(depth);
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === TYPE.stop) return;
      const type = header & 0x0f;
      const delta = header >> 4;
      id = delta === 0 ? Number(this.integer()) : id + delta;
      if (type === TYPE.true || type === TYPE.false) continue;
      if (!field?.(id, type)) this.value(type, inner);
    }
  }

  /** A list's or set's elements, each read by `element`. */
  list(depth: number, element: (type: number) => void): void {
    const header = this.byte();
    const short = header >> 4;
    const count = short === 15 ? Number(this.varint()) : short;
    this.declare(count, 1);
    for (let i = 0; i < count; i++) element(header & 0x0f);
  }

  value(type: number, depth: number): void {
    switch (type) {
      case TYPE.true:
      case TYPE.false:
      case TYPE.byte:
        this.skip(1, 'a byte');
        return;
      case TYPE.i16:
      case TYPE.i32:
      case TYPE.i64:
        this.varint();
        return;
      case TYPE.double:
        this.skip(8, 'a number');
        return;
      case TYPE.binary:
        this.skip(Number(this.varint()), 'a string');
        return;
      case TYPE.list:
      case TYPE.set: {
        const inner = this.nested(depth);
        this.list(depth, (element) => this.value(element, inner));
        return;
      }
      case TYPE.map: {
        const inner = this.nested(depth);
        const count = Number(this.varint());
        if (count === 0) return;
        const types = this.byte();
        this.declare(count, 2);
        for (let i = 0; i < count; i++) {
          this.value(types >> 4, inner);
          this.value(types & 0x0f, inner);
        }
        return;
      }
      case TYPE.struct:
        this.struct(depth);
        return;
      default:
        throw new FooterFault(`holds a value of unknown type ${type}`);
    }
  }
}

/**
 * The rows a footer's row groups declare and the digest of its schema, after a walk of the whole footer; throws
 * a FooterFault.
 */
function walkFooter(footer: Buffer, limits: FooterLimits): { rows: number; schema: string } {
  const reader = new CompactReader(footer, limits);
  const schema = createHash('sha256');
  let rows = 0n;
  reader.struct(0, (id, type) => {
    if (id === SCHEMA || id === KEY_VALUE_METADATA) {
      const start = reader.at;
      reader.value(type, 1);
      schema.update(`${id}:${type}:${reader.at - start}:`).update(footer.subarray(start, reader.at));
      return true;
    }
    if (id !== ROW_GROUPS || type !== TYPE.list) return false;
    reader.list(1, (element) => {
      if (element !== TYPE.struct) throw new FooterFault('holds row groups that are not structs');
      reader.struct(2, (field, fieldType) => {
        if (field !== ROW_GROUP_ROWS || fieldType !== TYPE.i64) return false;
        const groupRows = reader.integer();
        if (groupRows < 0n) throw new FooterFault('declares a row group of fewer than no rows');
        rows += groupRows;
        return true;
      });
    });
    return true;
  });
  return { rows: Number(rows), schema: schema.digest('hex') };
}

/** Checks the footer of the Parquet object open at `handle`, reading only its last bytes. */
export async function checkParquetFooter(handle: FileHandle, limits: FooterLimits): Promise<FooterCheck> {
  const { size } = await handle.stat();
  if (size < FRAMING_BYTES) return { reason: `not Parquet: ${plural(size, 'byte')}, too short to be` };
  const tail = Buffer.alloc(8);
  await handle.read(tail, 0, 8, size - 8);
  const magic = tail.toString('latin1', 4);
  if (magic === ENCRYPTED_MAGIC) return { reason: 'an encrypted Parquet object: not read' };
  if (magic !== MAGIC) return { reason: 'not Parquet: no magic bytes (PAR1) at its end' };
  const length = tail.readUInt32LE(0);
  if (length > size - FRAMING_BYTES) {
    return { reason: `its footer claims ${plural(length, 'byte')}, more than the object holds` };
  }
  if (length > limits.bytes) {
    return {
      reason: `its footer takes ${byteSize(length)}, more than the ${byteSize(limits.bytes)} a footer is read up to`,
    };
  }
  const footer = Buffer.alloc(length);
  await handle.read(footer, 0, length, size - 8 - length);
  try {
    return walkFooter(footer, limits);
  } catch (error) {
    if (error instanceof FooterFault) return { reason: `its footer is damaged: it ${error.message}` };
    throw error;
  }
}
