import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock/clock';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { AuditRepository } from '../../src/modules/audit/audit.repository';
import { AuditService } from '../../src/modules/audit/audit.service';
import { CandidateProfilesRepository } from '../../src/modules/candidates/candidate-profiles.repository';
import { ProfileRetentionService } from '../../src/modules/candidates/profile-retention.service';
import { ProfileIndexOutbox } from '../../src/modules/profile-search/profile-index-outbox';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { createOrganisation } from '../support/factories';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

/** The time the sweep sees; tests move it. */
class TestClock extends Clock {
  at = new Date('2026-06-01T09:00:00Z');
  now(): Date {
    return new Date(this.at);
  }
}

const after = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

describe('candidate profile retention (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let config: AppConfig;
  let clock: TestClock;
  let retention: ProfileRetentionService;
  let organisation: Organisation;
  let codeSeq = 0;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    config = loadConfig({ NODE_ENV: 'test' });
    clock = new TestClock();
    const indexOutbox = new ProfileIndexOutbox(new OutboxService(new OutboxRepository(ds)));
    retention = new ProfileRetentionService(new CandidateProfilesRepository(ds), new AuditService(new AuditRepository(ds)), new TransactionRunner(ds), clock, config, indexOutbox);
    organisation = await createOrganisation(ds, { kind: OrganisationKind.Spip });
  });
  afterAll(() => close());
  beforeEach(async () => {
    await ds.query(`DELETE FROM outbox_messages`);
    await ds.query(`DELETE FROM candidate_profiles`);
    clock.at = new Date('2026-06-01T09:00:00Z');
  });

  /** A profile of the organisation with the given window end, status and last change. */
  const profile = async (releaseUntil: string | null, status = 'paused', updatedAt = new Date('2025-01-01T00:00:00Z')): Promise<string> => {
    const code = `PSG-${'ABCDEFGHJK'[Math.floor(codeSeq / 10) % 10]}${'ABCDEFGHJK'[codeSeq++ % 10]}ZZ`;
    const [row] = await ds.query(
      `INSERT INTO candidate_profiles (code, owner_organisation_id, status, release_from, release_until, created_at, updated_at)
       VALUES ($1, $2, $3, $4::date - 30, $4::date, $5, $5) RETURNING id`,
      [code, organisation.id, status, releaseUntil, updatedAt],
    );
    codes.set(row.id, code);
    return row.id;
  };
  const codes = new Map<string, string>();
  const statusOf = async (id: string): Promise<{ status: string; updatedAt: Date } | null> =>
    (await ds.query(`SELECT status, updated_at AS "updatedAt" FROM candidate_profiles WHERE id = $1`, [id]))[0] ?? null;
  const auditOf = (id: string): Promise<{ action: string; actor_user_id: string | null; details: Record<string, unknown> }[]> =>
    ds.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'candidate_profile' AND subject_id = $1 ORDER BY id`, [id]);
  const outbox = async (payload: Record<string, unknown>, dispatched = false): Promise<string> => {
    const [row] = await ds.query(`INSERT INTO outbox_messages (job_name, payload, available_at, dispatched_at) VALUES ('email.send', $1, now(), $2) RETURNING id`, [
      JSON.stringify(payload),
      dispatched ? new Date() : null,
    ]);
    return row.id;
  };

  it('archives a profile only once its release window ended more than PROFILE_ARCHIVE_AFTER_RELEASE_DAYS ago, and audits it', async () => {
    expect(config.PROFILE_ARCHIVE_AFTER_RELEASE_DAYS).toBe(365);
    // Today is 2026-06-01 in Paris: windows ending before 2025-06-01 are due, the one ending that day is not yet.
    const due = await profile('2025-05-31', 'paused');
    const dueDraft = await profile('2025-01-15', 'draft');
    const boundary = await profile('2025-06-01', 'placed');
    const recent = await profile('2026-03-31', 'paused');
    const noWindow = await profile(null, 'draft', new Date('2026-05-01T00:00:00Z'));

    expect(await retention.sweep()).toEqual({ archived: 2, erased: 0 });
    expect(await statusOf(due)).toEqual({ status: 'archived', updatedAt: clock.now() });
    expect((await statusOf(dueDraft))?.status).toBe('archived');
    for (const id of [boundary, recent, noWindow]) expect((await statusOf(id))?.status).not.toBe('archived');
    expect(await auditOf(due)).toEqual([{ action: 'profile.archived', actor_user_id: null, details: { cause: 'retention', from: 'paused' } }]);
    expect(await auditOf(boundary)).toEqual([]);

    // The next day the boundary profile is due; the ones already archived are not archived (nor audited) twice.
    clock.at = after(clock.at, DAY);
    expect(await retention.sweep()).toEqual({ archived: 1, erased: 0 });
    expect((await statusOf(boundary))?.status).toBe('archived');
    expect(await auditOf(due)).toHaveLength(1);
  });

  it('archives a profile without a release window end once untouched for PROFILE_ARCHIVE_UNDATED_AFTER_DAYS, and says why', async () => {
    expect(config.PROFILE_ARCHIVE_UNDATED_AFTER_DAYS).toBe(365);
    // Today is 2026-06-01T09:00Z: drafts last changed more than 365 days earlier are due.
    const abandoned = await profile(null, 'draft', new Date('2025-06-01T08:59:00Z'));
    const boundary = await profile(null, 'draft', new Date('2025-06-01T09:00:00Z'));
    const active = await profile(null, 'draft', new Date('2026-05-20T00:00:00Z'));

    expect(await retention.sweep()).toEqual({ archived: 1, erased: 0 });
    expect(await statusOf(abandoned)).toEqual({ status: 'archived', updatedAt: clock.now() });
    for (const id of [boundary, active]) expect((await statusOf(id))?.status).toBe('draft');
    expect(await auditOf(abandoned)).toEqual([{ action: 'profile.archived', actor_user_id: null, details: { cause: 'retention', from: 'draft', rule: 'undated' } }]);

    clock.at = after(clock.at, MINUTE);
    expect(await retention.sweep()).toEqual({ archived: 1, erased: 0 });
    expect((await statusOf(boundary))?.status).toBe('archived');
    expect((await statusOf(active))?.status).toBe('draft');
  });

  it('erases an archived profile PROFILE_ERASE_AFTER_ARCHIVE_DAYS after its archiving, not a minute earlier, with its consents and pending outbox rows', async () => {
    expect(config.PROFILE_ERASE_AFTER_ARCHIVE_DAYS).toBe(180);
    const id = await profile('2025-04-30', 'paused');
    const kept = await profile('2026-05-01', 'paused');
    await ds.query(`INSERT INTO candidate_consents (profile_id, scope, given_on, recorded_at) VALUES ($1, 'publication', '2025-01-10', $2)`, [id, clock.now()]);
    await ds.query(`INSERT INTO audit_events (action, subject_type, subject_id, details) VALUES ('profile.created', 'candidate_profile', $1, '{}')`, [id]);
    const pending = await outbox({ profileId: id, reason: 'introduction' });
    const relayed = await outbox({ profileId: id }, true);
    const otherProfile = await outbox({ profileId: kept });
    const unrelated = await outbox({ userId: 'u-1' });

    expect(await retention.sweep()).toEqual({ archived: 1, erased: 0 });
    const archivedAt = clock.now();

    clock.at = after(archivedAt, 180 * DAY - MINUTE);
    expect(await retention.sweep()).toEqual({ archived: 0, erased: 0 });
    expect((await statusOf(id))?.status).toBe('archived');
    expect(await ds.query(`SELECT count(*)::int AS n FROM candidate_consents WHERE profile_id = $1`, [id])).toEqual([{ n: 1 }]);

    clock.at = after(archivedAt, 180 * DAY);
    expect(await retention.sweep()).toEqual({ archived: 0, erased: 1 });
    expect(await statusOf(id)).toBeNull();
    expect(await ds.query(`SELECT count(*)::int AS n FROM candidate_consents WHERE profile_id = $1`, [id])).toEqual([{ n: 0 }]);
    // Only the row not relayed yet that names the erased profile goes; the relayed one is history, the others are not about it.
    const remaining = (await ds.query(`SELECT id FROM outbox_messages ORDER BY id`)).map((r: { id: string }) => r.id);
    const [removal] = await ds.query(`SELECT id, job_name AS "jobName", payload FROM outbox_messages WHERE id > $1`, [unrelated]);
    expect(remaining).toEqual([relayed, otherProfile, unrelated, removal.id]);
    // What remains of the profile for the index: an order to delete its document, by pseudonymous code only.
    expect(removal).toEqual({ id: removal.id, jobName: 'profile-index.sync', payload: { code: codes.get(id) } });
    expect(remaining).not.toContain(pending);
    expect((await statusOf(kept))?.status).toBe('paused');

    // The audit trail outlives the profile: earlier events stay, the erasure is recorded with ids only.
    expect(await auditOf(id)).toEqual([
      { action: 'profile.created', actor_user_id: null, details: {} },
      { action: 'profile.archived', actor_user_id: null, details: { cause: 'retention', from: 'paused' } },
      { action: 'profile.erased', actor_user_id: null, details: { cause: 'retention' } },
    ]);
    await expect(ds.query(`DELETE FROM audit_events WHERE subject_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`UPDATE audit_events SET details = '{}' WHERE subject_id = $1`, [id])).rejects.toThrow(/append-only/);
    expect(await auditOf(id)).toHaveLength(3);

    // Nothing left to do: a later sweep finds nothing.
    clock.at = after(clock.at, DAY);
    expect(await retention.sweep()).toEqual({ archived: 0, erased: 0 });
  });

  it('counts a profile archived by hand from its archiving, not from its release window', async () => {
    const byHand = await profile('2026-05-01', 'archived', after(clock.now(), -179 * DAY));
    const older = await profile('2026-05-01', 'archived', after(clock.now(), -181 * DAY));
    expect(await retention.sweep()).toEqual({ archived: 0, erased: 1 });
    expect(await statusOf(older)).toBeNull();
    expect((await statusOf(byHand))?.status).toBe('archived');
    clock.at = after(clock.at, 2 * DAY);
    expect(await retention.sweep()).toEqual({ archived: 0, erased: 1 });
    expect(await statusOf(byHand)).toBeNull();
    expect(await auditOf(byHand)).toEqual([{ action: 'profile.erased', actor_user_id: null, details: { cause: 'retention' } }]);
  });

  it('skips profiles another transaction holds, and takes them on the next pass', async () => {
    const id = await profile('2025-01-31', 'paused');
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT id FROM candidate_profiles WHERE id = $1 FOR UPDATE`, [id]);
      expect(await retention.sweep()).toEqual({ archived: 0, erased: 0 });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await retention.sweep()).toEqual({ archived: 1, erased: 0 });
  });
});
