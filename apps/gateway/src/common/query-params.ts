import { z } from 'zod';

/**
 * Query strings are strict: a misspelt parameter (`limt=5`, `tag=x`) is refused with its name
 * rather than silently ignored, so a client never gets results it did not ask for.
 */
export function strictQuery<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown query parameter${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
        : undefined,
  });
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const startOfDay = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** The start of a range, as a UTC instant; a date alone means the start of that day (UTC). */
export const fromMoment = dateOrDateTime
  .transform((value) => (DATE_ONLY.test(value) ? startOfDay(value) : new Date(value)).toISOString())
  .describe('On or after this date or moment (ISO 8601)');

/** The (exclusive) end of a range; a date alone includes that whole day: it becomes the next midnight. */
export const toMoment = dateOrDateTime
  .transform((value) => {
    if (!DATE_ONLY.test(value)) return new Date(value).toISOString();
    const next = startOfDay(value);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString();
  })
  .describe('Before this moment (ISO 8601); a date alone includes that day');
