/** The building blocks of the result's schema: read-only objects and lists, and the kinds of value it holds. */
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/** An object whose parsed value is read-only, as the whole result is. */
export function record<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).readonly();
}

export function list<Item extends z.ZodType>(item: Item) {
  return z.array(item).readonly();
}

export const text = z.string();
export const count = z.number().int().nonnegative();
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const logValue = z.string().nullable();
/** A figure the query set that ran may not measure. */
export const measure = count.nullable();

export const windowSchema = record({
  start: day.describe('First day, `YYYY-MM-DD`.'),
  end: day.describe('Last day, `YYYY-MM-DD`.'),
}).describe('The audited days, UTC, both included.');
