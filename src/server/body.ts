import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { RetroError } from '../errors.js';

/** Every request body the API accepts is a small JSON object; anything bigger is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

export function limitBodySize(): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new RetroError('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`, {
        status: 413,
      });
    },
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

/** Reads a JSON body and checks it against `schema`; 415 for other content types, 400 with the first issue. */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new RetroError('unsupported_media_type', 'Send the request body as application/json.', {
      status: 415,
    });
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (error) {
    if (error instanceof RetroError) throw error;
    throw new RetroError('invalid_json', 'The request body is not valid JSON.', { status: 400 });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RetroError('invalid_request', first ? describeIssue(first) : 'The request body is not valid.', {
      status: 400,
    });
  }
  return parsed.data;
}

/** An integer query parameter within bounds, or `fallback` when absent; 400 when malformed. */
export function readIntQuery(
  c: Context,
  name: string,
  bounds: { min: number; max: number },
  fallback: number | undefined,
): number | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) {
    throw new RetroError('invalid_request', `${name} must be a whole number.`, { status: 400 });
  }
  const n = Number(value);
  if (n < bounds.min || n > bounds.max) {
    throw new RetroError('invalid_request', `${name} must be between ${bounds.min} and ${bounds.max}.`, {
      status: 400,
    });
  }
  return n;
}

/** `true`/`1`/`yes` and `false`/`0`/`no`; 400 otherwise. */
export function readBoolQuery(c: Context, name: string, fallback: boolean): boolean {
  const value = c.req.query(name);
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new RetroError('invalid_request', `${name} must be true or false.`, { status: 400 });
}
