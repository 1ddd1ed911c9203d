import { Clock } from '../../src/common/clock/clock';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { MailRenderer } from '../../src/infra/mail/mail-renderer';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { EmployerNeedsRepository } from '../../src/modules/employer-needs/employer-needs.repository';
import { StaleNeedsService } from '../../src/modules/employer-needs/stale-needs.service';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { Organisation, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { UsersRepository } from '../../src/modules/users/users.repository';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

type Signed = { agent: Agent; csrf: string; id: string; organisationId: string | null };

const API = '/api/employer-needs';
const PAGES = '/organisation/besoins';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';
const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

/** A date `days` from today in France, as the need's start window stores it. */
const inDays = (days: number) => {
  const date = new Date(`${parisDate(new Date())}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
const after = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

/** The time the sweep sees; the test moves it. */
class TestClock extends Clock {
  at = new Date();
  now(): Date {
    return new Date(this.at);
  }
}

interface NeedState {
  status: string;
  updatedAt: Date;
  warnedAt: Date | null;
  unpublishedReason: string | null;
}

describe('confirming that a published need is still current (API, page, stale sweep)', () => {
  let t: TestApp;
  let company: Organisation;
  let employer: Signed;
  let colleague: Signed;
  let otherEmployer: Signed;
  let pendingEmployer: Signed;
  let coordinator: Signed;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, organisationId: user.organisationId };
  };
  const confirm = (who: Signed, id: string, body?: object) => who.agent.post(`${API}/${id}/confirm`).set('x-csrf-token', who.csrf).send(body);
  const confirmPage = (who: Signed, id: string) => who.agent.post(`${PAGES}/${id}/confirmer`).type('form').send({ _csrf: who.csrf });

  /** A need of `organisationId` as the sweep finds it: last updated at `updatedAt`, warned at `warnedAt` (or not). */
  const need = async (
    options: { updatedAt?: Date; warnedAt?: Date | null; status?: string; organisationId?: string; startUntil?: string } = {},
  ): Promise<string> => {
    const updatedAt = options.updatedAt ?? after(new Date(), -55 * DAY);
    const status = options.status ?? 'published';
    const [row] = await t.dataSource.query(
      `INSERT INTO employer_needs (organisation_id, rome_code, contract_type, positions, commune_code, basin_code, start_from, start_until,
                                   solutions, status, created_at, updated_at, published_at, stale_warning_sent_at)
       VALUES ($1, 'F1606', 'cdd', 2, '86194', '7513', $2, $3, '{job}', $4, $5, $5, $6, $7) RETURNING id`,
      [
        options.organisationId ?? company.id,
        inDays(-90),
        options.startUntil ?? inDays(60),
        status,
        updatedAt,
        status === 'draft' ? null : updatedAt,
        options.warnedAt === undefined ? after(new Date(), -2 * DAY) : options.warnedAt,
      ],
    );
    return row.id;
  };
  const stateOf = async (id: string): Promise<NeedState> =>
    (
      await t.dataSource.query(
        `SELECT status, updated_at AS "updatedAt", stale_warning_sent_at AS "warnedAt", unpublished_reason AS "unpublishedReason" FROM employer_needs WHERE id = $1`,
        [id],
      )
    )[0];
  const confirmations = (id: string) =>
    t.dataSource.query(`SELECT actor_user_id AS "actorUserId", subject_type AS "subjectType", details FROM audit_events WHERE action = 'need.confirmed' AND subject_id = $1`, [
      id,
    ]);

  beforeAll(async () => {
    t = await startTestApp();
    const q = (sql: string) => t.dataSource.query(sql);
    await q(`INSERT INTO rome_grand_domains (code, label) VALUES ('F', 'Construction, Bâtiment et Travaux publics')`);
    await q(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ('F16', 'Second oeuvre', 'F')`);
    await q(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code) VALUES ('F1606', 'Peintre en bâtiment', 1, 'F16')`);
    await q(`INSERT INTO basins (code, name) VALUES ('7513', 'POITIERS')`);
    await q(`INSERT INTO communes (insee_code, name, basin_code) VALUES ('86194', 'Poitiers', '7513')`);
    company = await createOrganisation(t.dataSource);
    employer = await signIn(Role.Employer, company);
    colleague = await signIn(Role.Employer, company);
    otherEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    coordinator = await signIn(Role.Coordinator);
  });
  afterAll(() => t.close());

  describe('API', () => {
    it('refreshes the update time, clears the warning, audits ids only and returns the need', async () => {
      const id = await need();
      const before = await stateOf(id);
      expect(before.warnedAt).not.toBeNull();
      expect((await employer.agent.get(`${API}/${id}`).expect(200)).body.staleWarningSentAt).toBe(before.warnedAt!.toISOString());

      const start = Date.now();
      const res = await confirm(colleague, id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'published', organisationId: company.id, staleWarningSentAt: null });
      const confirmedState = await stateOf(id);
      expect(confirmedState).toMatchObject({ status: 'published', warnedAt: null, unpublishedReason: null });
      expect(confirmedState.updatedAt.getTime()).toBeGreaterThanOrEqual(start - 1000);
      expect(confirmedState.updatedAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(res.body.updatedAt).toBe(confirmedState.updatedAt.toISOString());

      expect(await confirmations(id)).toEqual([{ actorUserId: colleague.id, subjectType: 'employer_need', details: { organisationId: company.id } }]);

      // Confirming again is allowed (and audited again): the need is still published.
      expect((await confirm(employer, id)).status).toBe(200);
      expect(await confirmations(id)).toHaveLength(2);
    });

    it.each([
      ['draft', /n’est pas publié : seul un besoin publié peut être confirmé/],
      ['closed', /clôturé : il ne peut plus être confirmé/],
    ])('refuses a %s need with a French 409, and changes nothing', async (status, detail) => {
      const id = await need({ status, warnedAt: null });
      const before = await stateOf(id);
      const res = await confirm(employer, id);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'employer_need.not_published', status: 409, detail: expect.stringMatching(detail) });
      expect(await stateOf(id)).toEqual(before);
      expect(await confirmations(id)).toEqual([]);
    });

    it('refuses a published need whose start window is over: it must be updated instead', async () => {
      const id = await need({ startUntil: inDays(-1) });
      const before = await stateOf(id);
      const res = await confirm(employer, id);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'employer_need.outdated', detail: expect.stringContaining('mettez à jour les champs indiqués') });
      expect(res.body.errors).toEqual([{ field: 'startUntil', message: expect.stringContaining('La période de démarrage est terminée') }]);
      expect(await stateOf(id)).toEqual(before);
      expect(await confirmations(id)).toEqual([]);
    });

    it('answers 404 for another organisation’s need and an unknown one, and changes nothing', async () => {
      const id = await need();
      const before = await stateOf(id);
      for (const [who, target] of [
        [otherEmployer, id],
        [employer, UNKNOWN_ID],
      ] as const) {
        const res = await confirm(who, target);
        expect([res.status, res.body.code, res.body.detail]).toEqual([404, 'employer_need.not_found', 'Besoin de recrutement introuvable.']);
      }
      expect(await stateOf(id)).toEqual(before);
      expect(await confirmations(id)).toEqual([]);
    });

    it('refuses staff, pending organisations, unknown fields and a missing CSRF header', async () => {
      const id = await need();
      const before = await stateOf(id);
      const staff = await confirm(coordinator, id);
      expect([staff.status, staff.body.code]).toEqual([403, 'auth.forbidden']);
      const pending = await confirm(pendingEmployer, id);
      expect([pending.status, pending.body.code]).toEqual([403, 'employer_need.organisation_inactive']);
      const extra = await confirm(employer, id, { updatedAt: '2030-01-01T00:00:00Z' });
      expect(extra.status).toBe(400);
      expect(extra.body.errors).toEqual([{ field: 'updatedAt', message: 'Champ non autorisé.' }]);
      expect((await employer.agent.post(`${API}/${id}/confirm`)).status).toBe(403);
      expect(await stateOf(id)).toEqual(before);
      expect(await confirmations(id)).toEqual([]);
    });
  });

  describe('page', () => {
    it('shows the button, the last update and the unpublication date of a warned need, computed as the sweep does', async () => {
      // Normal notice: 53 days after the update, unpublished 60 days after it (6 March, Paris time).
      const onTime = await need({ updatedAt: new Date('2026-01-05T09:00:00Z'), warnedAt: new Date('2026-02-27T09:00:00Z') });
      const page = await employer.agent.get(`${PAGES}/${onTime}`).expect(200);
      expect(page.text).toContain('>Toujours d’actualité</button>');
      expect(page.text).toContain(`action="${PAGES}/${onTime}/confirmer"`);
      expect(page.text).toContain('n’a pas été mis à jour depuis le 5 janvier 2026 à 10:00 : sans confirmation ni mise à jour, il sera dépublié à partir du 6 mars 2026.');

      // Warned late: the full seven days of notice count from the warning.
      const late = await need({ updatedAt: new Date('2025-09-01T09:00:00Z'), warnedAt: new Date('2026-01-05T09:00:00Z') });
      expect((await employer.agent.get(`${PAGES}/${late}`).expect(200)).text).toContain('il sera dépublié à partir du 12 janvier 2026.');

      // Not warned: the date of the last update and the rule, no unpublication date.
      const fresh = await need({ updatedAt: new Date('2026-11-02T10:30:00Z'), warnedAt: null });
      const freshPage = await employer.agent.get(`${PAGES}/${fresh}`).expect(200);
      expect(freshPage.text).toContain('>Toujours d’actualité</button>');
      expect(freshPage.text).toContain('Dernière mise à jour le 2 novembre 2026 à 11:30. Un besoin publié qui n’est ni mis à jour ni confirmé pendant 60 jours repasse en brouillon');
      expect(freshPage.text).not.toContain('id="besoin-avertissement"');
    });

    it('is the button the warning e-mail tells the members to click, in both its parts', async () => {
      const id = await need();
      const button = /<button type="submit">([^<]*actualité[^<]*)<\/button>/.exec((await employer.agent.get(`${PAGES}/${id}`).expect(200)).text)![1];
      const needUrl = `${t.config.PUBLIC_URL}${PAGES}/${id}`;
      const { html, text } = new MailRenderer().render('need-stale-warning', {
        displayName: 'Camille',
        organisationName: company.name,
        needTitle: 'Peintre en bâtiment – Poitiers',
        lastUpdatedOn: '5 janvier 2026',
        unpublishOn: '6 mars 2026',
        needUrl,
      });
      for (const part of [html, text]) {
        expect(part).toContain(`un clic suffit`);
        expect(part).toContain(`cliquez sur « ${button} »`);
        expect(part).toContain('s’il n’est ni confirmé ni mis à jour d’ici là');
      }
      expect(html).toContain(`href="${needUrl}"`);
      expect(text).toMatch(new RegExp(`^${needUrl.replace(/[.]/g, '\\.')}$`, 'm'));
    });

    it('offers no confirmation on drafts and closed needs', async () => {
      for (const status of ['draft', 'closed']) {
        const page = await employer.agent.get(`${PAGES}/${await need({ status, warnedAt: null })}`).expect(200);
        expect(page.text).not.toContain('Toujours d’actualité');
        expect(page.text).not.toContain('/confirmer"');
      }
    });

    it('confirms with one click: 303 back to the need with a flash message, warning gone', async () => {
      const id = await need();
      const res = await confirmPage(employer, id);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${PAGES}/${id}?info=besoin-confirme`);
      expect(await stateOf(id)).toMatchObject({ status: 'published', warnedAt: null });
      expect(await confirmations(id)).toHaveLength(1);

      const page = await employer.agent.get(res.headers.location).expect(200);
      expect(page.text).toContain('role="status"');
      expect(page.text).toContain('Merci : le besoin est confirmé comme toujours d’actualité. Il reste publié.');
      expect(page.text).not.toContain('id="besoin-avertissement"');
      expect(page.text).toContain('>Toujours d’actualité</button>');
    });

    it('shows the refusal on the need’s page for a draft, answers 404 for another organisation, and needs the CSRF token', async () => {
      const draft = await need({ status: 'draft', warnedAt: null });
      const refused = await confirmPage(employer, draft);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('Ce besoin n’est pas publié : seul un besoin publié peut être confirmé');
      expect((await stateOf(draft)).status).toBe('draft');

      const id = await need();
      const before = await stateOf(id);
      const foreign = await confirmPage(otherEmployer, id);
      expect(foreign.status).toBe(404);
      expect(foreign.text).toContain('Page introuvable');
      expect((await employer.agent.post(`${PAGES}/${id}/confirmer`).type('form').send({})).status).toBe(403);
      expect(await stateOf(id)).toEqual(before);
      expect(await confirmations(id)).toEqual([]);
    });
  });

  describe('stale sweep', () => {
    it('does not unpublish a confirmed need when its old limit passes, and warns again only a full period after the confirmation', async () => {
      const clock = new TestClock();
      const ds = t.dataSource;
      const sweeper = new StaleNeedsService(
        new EmployerNeedsRepository(ds),
        new UsersRepository(ds),
        new EmailOutboxService(new OutboxService(new OutboxRepository(ds))),
        new TransactionRunner(ds),
        clock,
        t.config,
      );
      // Two needs in the same state: updated 55 days ago, warned 2 days ago, due in 5 days.
      const confirmed = await need();
      const untouched = await need();
      await confirm(employer, confirmed).expect(200);
      const confirmedAt = (await stateOf(confirmed)).updatedAt;

      clock.at = after(new Date(), 6 * DAY);
      await sweeper.sweep();
      expect(await stateOf(untouched)).toMatchObject({ status: 'draft', unpublishedReason: 'stale' });
      expect(await stateOf(confirmed)).toEqual({ status: 'published', updatedAt: confirmedAt, warnedAt: null, unpublishedReason: null });

      // The clock restarted at the confirmation: the next warning is NEED_STALE_DAYS − NEED_STALE_WARNING_DAYS later.
      const nextWarning = after(confirmedAt, (t.config.NEED_STALE_DAYS - t.config.NEED_STALE_WARNING_DAYS) * DAY);
      clock.at = after(nextWarning, -MINUTE);
      await sweeper.sweep();
      expect((await stateOf(confirmed)).warnedAt).toBeNull();
      clock.at = nextWarning;
      await sweeper.sweep();
      expect(await stateOf(confirmed)).toMatchObject({ status: 'published', warnedAt: nextWarning });
    });
  });
});
