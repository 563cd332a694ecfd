import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { generateRefreshToken } from './tokens.ts';
import { NIL_UUID, type Queryable } from './users.ts';

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  updated_at: Date;
  not_after: Date | null;
}

export interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  created_at: Date;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
}

const SESSION_COLUMNS = 'id, user_id, created_at, updated_at, not_after';
const TOKEN_COLUMNS = 'id, token, user_id, revoked, created_at, updated_at, parent, session_id';

export async function insertSession(
  db: Queryable,
  session: { userId: string; userAgent: string | null; ip: string | null; now: Date },
): Promise<SessionRow> {
  const { rows } = await db.query<SessionRow>(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, $3, $3, 'aal1', $4, $5::inet)
     returning ${SESSION_COLUMNS}`,
    [randomUUID(), session.userId, session.now, session.userAgent, session.ip],
  );
  return rows[0];
}

export async function findSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(`select ${SESSION_COLUMNS} from auth.sessions where id = $1`, [id]);
  return rows[0] ?? null;
}

/** Serialises everything that touches one session: refreshes of any of its tokens, and its deletion. */
export async function lockSession(db: pg.PoolClient, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(`select ${SESSION_COLUMNS} from auth.sessions where id = $1 for update`, [id]);
  return rows[0] ?? null;
}

/**
 * Records a refresh. sessions.refreshed_at is `timestamp without time zone` in GoTrue's schema
 * and holds UTC, so it is converted explicitly rather than trusting the server's TimeZone.
 */
export async function touchSession(db: Queryable, id: string, info: { userAgent: string | null; ip: string | null; now: Date }): Promise<void> {
  await db.query(
    `update auth.sessions
        set refreshed_at = ($2::timestamptz at time zone 'UTC'), updated_at = $2, user_agent = $3, ip = $4::inet
      where id = $1`,
    [id, info.now, info.userAgent, info.ip],
  );
}

export async function insertRefreshToken(
  db: Queryable,
  token: { userId: string; sessionId: string; parent: string | null; now: Date },
): Promise<RefreshTokenRow> {
  const { rows } = await db.query<RefreshTokenRow>(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, $4, $4, $5, $6)
     returning ${TOKEN_COLUMNS}`,
    [NIL_UUID, generateRefreshToken(), token.userId, token.now, token.parent, token.sessionId],
  );
  return rows[0];
}

export async function findRefreshToken(db: Queryable, token: string, forUpdate = false): Promise<RefreshTokenRow | null> {
  const { rows } = await db.query<RefreshTokenRow>(
    `select ${TOKEN_COLUMNS} from auth.refresh_tokens where token = $1 ${forUpdate ? 'for update' : ''}`,
    [token],
  );
  return rows[0] ?? null;
}

/** The session's newest unrevoked token: what a client that lost a refresh response should get back. */
export async function findActiveRefreshToken(db: Queryable, sessionId: string): Promise<RefreshTokenRow | null> {
  const { rows } = await db.query<RefreshTokenRow>(
    `select ${TOKEN_COLUMNS} from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1`,
    [sessionId],
  );
  return rows[0] ?? null;
}

/** updated_at doubles as the revocation time: the reuse interval counts from it, as in GoTrue. */
export async function revokeRefreshToken(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('update auth.refresh_tokens set revoked = true, updated_at = $2 where id = $1', [id, now]);
}

export async function deleteRefreshToken(db: Queryable, id: string): Promise<void> {
  await db.query('delete from auth.refresh_tokens where id = $1', [id]);
}

/** Deleting a session takes its refresh tokens with it (on delete cascade), as logout does in GoTrue. */
export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query('delete from auth.sessions where id = $1', [id]);
}

export async function deleteUserSessions(db: Queryable, userId: string, exceptSessionId?: string): Promise<void> {
  await db.query('delete from auth.sessions where user_id = $1 and ($2::uuid is null or id <> $2::uuid)', [userId, exceptSessionId ?? null]);
}
