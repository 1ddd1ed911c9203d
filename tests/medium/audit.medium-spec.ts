import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { PageQuery } from '../../src/common/http/pagination';
import { runWithContext } from '../../src/common/logging/request-context';
import { AuditTrail1764300000000 } from '../../src/database/migrations/1764300000000-AuditTrail';
import { InvalidAuditEventError } from '../../src/modules/audit/audit-event';
import { AuditModule } from '../../src/modules/audit/audit.module';
import { AuditService } from '../../src/modules/audit/audit.service';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(30_000);

const APPEND_ONLY = /audit_events is append-only/;

describe('audit trail (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let audit: AuditService;
  let subjectSeq = 0;
  // Each test audits subjects of its own, so tests never see each other's rows (which cannot be deleted).
  const newSubject = () => `subject-${++subjectSeq}`;
  const rowsOf = (subjectId: string): Promise<{ action: string; actor_user_id: string | null; details: unknown; correlation_id: string | null }[]> =>
    ds.query(`SELECT action, actor_user_id, details, correlation_id FROM audit_events WHERE subject_id = $1 ORDER BY id`, [subjectId]);
  const page = (n: number, size: number) => Object.assign(new PageQuery(), { page: n, pageSize: size });

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    // The module as the api wires it, on this file's database.
    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: ds }], exports: [DataSource] })
    class TestDatabaseModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestDatabaseModule, AuditModule] }).compile();
    audit = moduleRef.get(AuditService);
  });
  afterAll(() => close());

  it('records nothing when the caller’s transaction rolls back', async () => {
    const subjectId = newSubject();
    await expect(
      ds.transaction(async (manager) => {
        await audit.record({ actorUserId: null, action: 'consent.recorded', subjectType: 'candidate_profile', subjectId }, manager);
        expect(await manager.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1`, [subjectId])).toEqual([{ n: 1 }]);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await rowsOf(subjectId)).toEqual([]);
  });

  it('records the event with the change when it commits, with the request’s correlation id', async () => {
    const subjectId = newSubject();
    const actor = '0b6c6c1e-5a4b-4d8e-9d53-6a8f7f0e2c11';
    await runWithContext({ correlationId: 'req-audit-0001' }, () =>
      ds.transaction((manager) => audit.record({ actorUserId: actor, action: 'profile.read_by_employer', subjectType: 'candidate_profile', subjectId, details: { organisationId: 'o-1' } }, manager)),
    );
    await audit.record({ actorUserId: null, action: 'profile.archived', subjectType: 'candidate_profile', subjectId });
    expect(await rowsOf(subjectId)).toEqual([
      { action: 'profile.read_by_employer', actor_user_id: actor, details: { organisationId: 'o-1' }, correlation_id: 'req-audit-0001' },
      { action: 'profile.archived', actor_user_id: null, details: {}, correlation_id: null },
    ]);
  });

  it('refuses, before writing anything, details over 2 KB and malformed actions', async () => {
    const subjectId = newSubject();
    const base = { actorUserId: null, subjectType: 'candidate_profile', subjectId };
    await expect(audit.record({ ...base, action: 'profile.updated', details: { text: 'x'.repeat(2100) } })).rejects.toThrow(InvalidAuditEventError);
    await expect(audit.record({ ...base, action: 'ProfileUpdated' })).rejects.toThrow(InvalidAuditEventError);
    expect(await rowsOf(subjectId)).toEqual([]);
  });

  it('lists a subject’s events newest first, page by page', async () => {
    const subjectId = newSubject();
    const actions = ['profile.created', 'profile.updated', 'consent.recorded', 'profile.published', 'profile.read_by_employer'];
    for (const action of actions) await audit.record({ actorUserId: null, action, subjectType: 'candidate_profile', subjectId });
    // Same id, other subject type: must not show up.
    await audit.record({ actorUserId: null, action: 'organisation.approved', subjectType: 'organisation', subjectId });
    // Several events of one transaction share now(): the insertion order still decides.
    await ds.transaction(async (manager) => {
      await audit.record({ actorUserId: null, action: 'profile.paused', subjectType: 'candidate_profile', subjectId }, manager);
      await audit.record({ actorUserId: null, action: 'profile.resumed', subjectType: 'candidate_profile', subjectId }, manager);
    });
    const newestFirst = [...actions, 'profile.paused', 'profile.resumed'].reverse();

    const first = await audit.forSubject('candidate_profile', subjectId, page(1, 3));
    expect(first).toMatchObject({ page: 1, pageSize: 3, total: 7, totalPages: 3 });
    expect(first.items.map((e) => e.action)).toEqual(newestFirst.slice(0, 3));
    expect(first.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      occurredAt: expect.any(Date),
      actorUserId: null,
      action: 'profile.resumed',
      subjectType: 'candidate_profile',
      subjectId,
      details: {},
      correlationId: null,
    });
    expect((await audit.forSubject('candidate_profile', subjectId, page(2, 3))).items.map((e) => e.action)).toEqual(newestFirst.slice(3, 6));
    expect((await audit.forSubject('candidate_profile', subjectId, page(3, 3))).items.map((e) => e.action)).toEqual(newestFirst.slice(6));
    expect(await audit.forSubject('candidate_profile', 'nobody', page(1, 3))).toEqual({ items: [], page: 1, pageSize: 3, total: 0, totalPages: 0 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even to a superuser', async () => {
    expect(await ds.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).toEqual([{ rolsuper: true }]);
    const subjectId = newSubject();
    await audit.record({ actorUserId: null, action: 'consent.revoked', subjectType: 'candidate_profile', subjectId });
    await expect(ds.query(`UPDATE audit_events SET action = 'consent.recorded' WHERE subject_id = $1`, [subjectId])).rejects.toThrow(APPEND_ONLY);
    await expect(ds.query(`DELETE FROM audit_events WHERE subject_id = $1`, [subjectId])).rejects.toThrow(APPEND_ONLY);
    await expect(ds.query(`TRUNCATE audit_events`)).rejects.toThrow(APPEND_ONLY);
    expect((await rowsOf(subjectId)).map((r) => r.action)).toEqual(['consent.revoked']);
  });

  it('checks the action format and the shape of details in the schema itself', async () => {
    const insert = (action: string, details = '{}') =>
      ds.query(`INSERT INTO audit_events (action, subject_type, subject_id, details) VALUES ($1, 'candidate_profile', 'p-1', $2::jsonb)`, [action, details]);
    for (const action of ['profile', 'Profile.read', 'profile.read-all', 'profile..read', 'profile.read.']) {
      await expect(insert(action)).rejects.toThrow(/audit_events_action_format/);
    }
    await expect(insert('profile.read', '[]')).rejects.toThrow(/audit_events_details_object/);
    await expect(insert('profile.read', 'null')).rejects.toThrow(/audit_events_details_object/);
  });

  it('reverts cleanly and applies again', async () => {
    const migration = new AuditTrail1764300000000();
    const objects = async () =>
      (await ds.query(
        `SELECT 'table' AS kind, tablename AS name FROM pg_tables WHERE tablename = 'audit_events'
         UNION ALL SELECT 'function', proname FROM pg_proc WHERE proname LIKE 'audit\\_events\\_%'
         UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE tgname LIKE 'audit\\_events\\_%'
         ORDER BY 1, 2`,
      )) as { kind: string; name: string }[];
    const before = await objects();
    expect(before).toEqual([
      { kind: 'function', name: 'audit_events_reject_change' },
      { kind: 'table', name: 'audit_events' },
      { kind: 'trigger', name: 'audit_events_no_truncate' },
      { kind: 'trigger', name: 'audit_events_no_update_or_delete' },
    ]);
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await objects()).toEqual([]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await objects()).toEqual(before);
  });
});
