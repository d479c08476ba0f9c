import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { RetroError } from '../errors.js';
import { readIntQuery } from './body.js';

/**
 * Lists page explicitly: a request asks for `limit` items from `cursor` (the `next` of the page before; none for
 * the first page), and the answer says `next` (null on the last page) and `total` in its body. A cursor is
 * opaque to clients; it holds the position and a fingerprint of the list it belongs to, so a cursor of one
 * list (one search, other filters) is refused by another rather than read as a position in it. `offset`
 * jumps to a position instead (the UI's scrolling list reads pages out of order).
 */
export interface PageRequest {
  offset: number;
  limit: number;
  scope: string;
}

export function readPage(
  c: Context,
  scope: string,
  limits: { defaultLimit: number; maxLimit: number },
): PageRequest {
  const limit =
    readIntQuery(c, 'limit', { min: 1, max: limits.maxLimit }, limits.defaultLimit) ?? limits.defaultLimit;
  const cursor = c.req.query('cursor');
  const offset = readIntQuery(c, 'offset', { min: 0, max: 100_000_000 }, undefined);
  if (cursor !== undefined && cursor !== '') {
    if (offset !== undefined) {
      throw new RetroError('invalid_request', 'Give cursor or offset, not both.', { status: 400 });
    }
    return { offset: decodeCursor(cursor, scope), limit, scope };
  }
  return { offset: offset ?? 0, limit, scope };
}

/** The cursor of the page after one that held `returned` items from `offset`, or null after the last. */
export function nextCursor(page: PageRequest, returned: number, total: number): string | null {
  const next = page.offset + returned;
  return returned > 0 && next < total ? encodeCursor(next, page.scope) : null;
}

/** One page of a list as every list endpoint answers it. */
export function pageBody<T>(page: PageRequest, items: T[], total: number) {
  return { items, total, limit: page.limit, next: nextCursor(page, items.length, total) };
}

function fingerprint(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 12);
}

function encodeCursor(offset: number, scope: string): string {
  return Buffer.from(`1:${offset}:${fingerprint(scope)}`).toString('base64url');
}

function decodeCursor(cursor: string, scope: string): number {
  const match = /^1:(\d{1,9}):([\w-]{12})$/.exec(
    cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString('utf8') : '',
  );
  if (!match) {
    throw new RetroError(
      'invalid_cursor',
      'cursor is not one this server gave out; start again without it.',
      {
        status: 400,
      },
    );
  }
  if (match[2] !== fingerprint(scope)) {
    throw new RetroError(
      'invalid_cursor',
      'cursor belongs to another list (other filters or another session); start again without it.',
      { status: 400 },
    );
  }
  return Number(match[1]);
}
