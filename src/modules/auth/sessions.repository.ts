import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';

/** A session's expiry slides at most this often, so reading a session is not a write on every request. */
const SLIDE_EVERY_SECONDS = 60;
/** Expired sessions removed on each sign-in: the table never grows with abandoned sessions. */
const EXPIRED_PURGE_BATCH = 100;

/** SQL of the `sessions` table: one row per signed-in browser, keyed by the digest of its cookie. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(idHash: string, userId: string, ttlSeconds: number): Promise<void> {
    await this.dataSource.query(`INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [idHash, userId, ttlSeconds]);
    await this.dataSource.query(
      `DELETE FROM sessions WHERE ctid IN (SELECT ctid FROM sessions WHERE expires_at < now() ORDER BY expires_at LIMIT ${EXPIRED_PURGE_BATCH})`,
    );
  }

  /**
   * The signed-in user of a live session, read with its organisation in one round trip; slides the expiry
   * (at most once a minute). Reloaded on every request so that a suspension or a role change applies at once.
   */
  async findUser(idHash: string, ttlSeconds: number): Promise<AuthUser | null> {
    const rows: AuthUser[] = await this.dataSource.query(
      `WITH slid AS (
         UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2)
          WHERE id_hash = $1 AND expires_at > now() AND last_seen_at < now() - make_interval(secs => ${SLIDE_EVERY_SECONDS})
       )
       SELECT u.id, u.email, u.display_name AS "displayName", u.role, u.organisation_id AS "organisationId",
              o.name AS "organisationName", o.kind AS "organisationKind", o.status AS "organisationStatus"
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN organisations o ON o.id = u.organisation_id
        WHERE s.id_hash = $1 AND s.expires_at > now()`,
      [idHash, ttlSeconds],
    );
    return rows[0] ?? null;
  }

  async delete(idHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE id_hash = $1`, [idHash]);
  }

  async deleteAllForUser(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  }
}
