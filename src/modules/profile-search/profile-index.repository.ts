import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Namespace of the advisory locks that serialise index writes per profile (first key of pg_advisory_xact_lock). */
const INDEX_LOCK_NAMESPACE = 5_101_001;

/** What index sync needs of PostgreSQL besides the profiles themselves: a profile's code, a per-code lock. */
@Injectable()
export class ProfileIndexRepository {
  async codeOf(profileId: string, manager: EntityManager): Promise<string | null> {
    const rows = await manager.query(`SELECT code FROM candidate_profiles WHERE id = $1`, [profileId]);
    return rows[0]?.code ?? null;
  }

  /** Holds, until the transaction ends, the lock of one profile's index writes. */
  async lockCode(code: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [INDEX_LOCK_NAMESPACE, code]);
  }
}
