import { Clock } from '../../src/common/clock/clock';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { AwarenessDaysRepository } from '../../src/modules/awareness-days/awareness-days.repository';
import { AwarenessDaysSweepService } from '../../src/modules/awareness-days/awareness-days-sweep.service';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { addDays } from '../../src/modules/sponsorships/sponsorship-rules';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

type Signed = { agent: Agent; csrf: string; id: string; organisationId: string | null };

const EMPLOYER = '/organisation/demi-journees';
const COORDINATION = '/coordination/demi-journees';
const ESTABLISHMENT = 'CP POITIERS VIVONNE';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

describe('awareness half-day pages (French, server-rendered, real services)', () => {
  let t: TestApp;
  let coordinator: Signed;
  let employer: Signed;
  let otherEmployer: Signed;
  let pendingEmployer: Signed;
  let admin: Signed;

  const signIn = async (role: Role, organisation: Organisation | null): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, organisationId: organisation?.id ?? null };
  };
  const form = (who: Signed, path: string, body: Record<string, string> = {}) => who.agent.post(path).type('form').send({ _csrf: who.csrf, ...body });
  const dayDate = addDays(parisDate(new Date()), 40);
  const createByForm = async (title: string, extra: Record<string, string> = {}) => {
    const res = await form(coordinator, COORDINATION, {
      establishmentCode: ESTABLISHMENT,
      title,
      date: dayDate,
      startTime: '09:00',
      endTime: '12:30',
      capacity: '2',
      deadline: '',
      programmeText: 'Accueil et consignes ; visite ; échanges.',
      whatToBring: 'Pièce d’identité',
      forbiddenItems: 'Téléphones',
      meetingPoint: 'Parking visiteurs',
      ...extra,
    });
    expect(res.status).toBe(303);
    return res.headers.location.replace(`${COORDINATION}/`, '').replace('?info=creee', '');
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    coordinator = await signIn(Role.Coordinator, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale Organisatrice' }));
    employer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Boulangerie Témoin' }));
    otherEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Garage Voisin' }));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    admin = await signIn(Role.Admin, null);
  });
  afterAll(() => t?.close());

  it('shows empty states before any half-day', async () => {
    expect((await employer.agent.get(EMPLOYER).expect(200)).text).toContain('Aucune demi-journée n’est proposée pour l’instant');
    expect((await employer.agent.get(EMPLOYER).expect(200)).text).toContain('Votre organisation n’est inscrite à aucune demi-journée');
    expect((await coordinator.agent.get(COORDINATION).expect(200)).text).toContain('Créez la première');
    expect((await pendingEmployer.agent.get(EMPLOYER).expect(403)).text).toContain('en attente de validation');
  });

  it('lets the coordinator create a half-day by form (default deadline), redisplays errors in French, and edit it', async () => {
    const page = await coordinator.agent.get(`${COORDINATION}/nouvelle`).expect(200);
    expect(page.text).toContain('Laissé vide : 15 jours avant la demi-journée');
    expect(page.text).toContain(`<option value="${ESTABLISHMENT}"`);
    const bad = await form(coordinator, COORDINATION, { establishmentCode: ESTABLISHMENT, title: 'Ok titre', date: dayDate, startTime: '12:00', endTime: '09:00', capacity: 'beaucoup' }).expect(400);
    expect(bad.text).toContain('Capacité : un nombre entier de participants');
    const reversed = await form(coordinator, COORDINATION, { establishmentCode: ESTABLISHMENT, title: 'Ok titre', date: dayDate, startTime: '12:00', endTime: '09:00', capacity: '5' }).expect(400);
    expect(reversed.text).toContain('L’heure de fin doit être après l’heure de début.');
    expect(reversed.text).toContain('value="Ok titre"');

    const id = await createByForm('Visite des ateliers');
    const detail = await coordinator.agent.get(`${COORDINATION}/${id}?info=creee`).expect(200);
    expect(detail.text).toContain('La demi-journée est créée');
    expect(detail.text).toContain(`ouvertes jusqu’au ${addDays(dayDate, -15).split('-').reverse().join('/')} inclus`);
    expect(detail.text).toContain('Aucune organisation inscrite pour l’instant.');
    expect((await coordinator.agent.get(`${COORDINATION}/${id}/modifier`).expect(200)).text).toContain('value="Visite des ateliers"');
    await form(coordinator, `${COORDINATION}/${id}`, { title: 'Visite des ateliers et du quartier', date: dayDate, startTime: '09:00', endTime: '12:00', capacity: '2', deadline: addDays(dayDate, -5) }).expect(303);
    expect((await coordinator.agent.get(`${COORDINATION}/${id}`).expect(200)).text).toContain(`ouvertes jusqu’au ${addDays(dayDate, -5).split('-').reverse().join('/')} inclus`);
    // Admins read the list, never create or change.
    expect((await admin.agent.get(COORDINATION).expect(200)).text).toContain('Visite des ateliers et du quartier');
    await admin.agent.get(`${COORDINATION}/nouvelle`).expect(403);
  });

  it('registers attendees through the employer page, shows the waitlist rank, and lets them cancel (promotion follows)', async () => {
    const id = await createByForm('Journée complète');
    const list = await employer.agent.get(EMPLOYER).expect(200);
    expect(list.text).toContain('Journée complète');
    const detail = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
    expect(detail.text).toContain('Inscrire des participants');
    expect(detail.text).toContain('name="fullName_3"');

    const invalid = await form(employer, `${EMPLOYER}/${id}/inscription`, { fullName_1: 'Jeanne Témoin', birthDate_1: '1980-02-30', documentType_1: 'passeport', documentNumber_1: '12AB34567' }).expect(400);
    expect(invalid.text).toContain('Date de naissance invalide');
    expect(invalid.text).toContain('href="#birthDate_1"');
    expect(invalid.text).toContain('value="Jeanne Témoin"');

    await form(otherEmployer, `${EMPLOYER}/${id}/inscription`, { fullName_1: 'Paul Premier', birthDate_1: '1975-06-01', documentType_1: 'carte_identite', documentNumber_1: 'CNI123456' }).expect(303);
    await form(otherEmployer, `${EMPLOYER}/${id}/inscription`, { fullName_1: 'Paule Seconde', birthDate_1: '1976-06-01', documentType_1: 'carte_identite', documentNumber_1: 'CNI654321' }).expect(303);
    const done = await form(employer, `${EMPLOYER}/${id}/inscription`, {
      fullName_1: 'Jeanne Témoin',
      birthDate_1: '1980-02-03',
      documentType_1: 'passeport',
      documentNumber_1: '12AB34567',
      fullName_2: '',
      birthDate_2: '',
      documentType_2: '',
      documentNumber_2: '',
    }).expect(303);
    expect(done.headers.location).toBe(`${EMPLOYER}/${id}?info=inscription`);
    const mine = await employer.agent.get(done.headers.location).expect(200);
    expect(mine.text).toContain('L’inscription est enregistrée.');
    expect(mine.text).toContain('Jeanne Témoin');
    expect(mine.text).toContain('Liste d’attente — rang 1');
    // Forms inside lists carry the CSRF token too.
    expect(mine.text).toContain('Annuler sa participation');
    expect(mine.text).not.toContain('name="_csrf" value=""');
    for (const trace of ['12AB34567', '1980-02-03', '03/02/1980', 'Paul Premier', 'Paule Seconde']) expect({ trace, found: mine.text.includes(trace) }).toEqual({ trace, found: false });
    expect((await employer.agent.get(EMPLOYER).expect(200)).text).toContain('0 confirmé(s), 1 en liste d’attente');

    // The other organisation cancels one of its confirmed attendees: Jeanne is promoted.
    const [paul] = await t.dataSource.query(`SELECT id FROM awareness_attendees WHERE awareness_day_id = $1 AND full_name = 'Paul Premier'`, [id]);
    await form(employer, `${EMPLOYER}/${id}/participants/${paul.id}/annulation`).expect(404);
    await form(otherEmployer, `${EMPLOYER}/${id}/participants/${paul.id}/annulation`).expect(303);
    const promoted = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
    expect(promoted.text).toContain('promu·e depuis la liste d’attente');

    // The coordinator's overview names organisations and statuses, never the people.
    const overview = await coordinator.agent.get(`${COORDINATION}/${id}`).expect(200);
    expect(overview.text).toContain('Boulangerie Témoin');
    expect(overview.text).not.toContain('Jeanne Témoin');
    expect(overview.text).not.toContain('name="_csrf" value=""');
    // The coordination cancels Paule (a no-show announced by phone) from the overview.
    const [paule] = await t.dataSource.query(`SELECT id FROM awareness_attendees WHERE awareness_day_id = $1 AND full_name = 'Paule Seconde'`, [id]);
    expect(overview.text).toContain(`/participants/${paule.id}/annulation`);
    await form(admin, `${COORDINATION}/${id}/participants/${paule.id}/annulation`).expect(403);
    await form(coordinator, `${COORDINATION}/${id}/participants/${paule.id}/annulation`).expect(303);
    expect((await coordinator.agent.get(`${COORDINATION}/${id}?info=annulation`).expect(200)).text).toContain('La participation est annulée.');
    // The printable list for the security office has the identities, confirmed first; admins may not read it.
    const printable = await coordinator.agent.get(`${COORDINATION}/${id}/liste`).expect(200);
    expect(printable.text).toContain('<style media="print">');
    expect(printable.headers['cache-control']).toBe('no-store');
    for (const shown of ['Jeanne Témoin', '03/02/1980', 'Passeport', '12AB34567']) expect(printable.text).toContain(shown);
    for (const cancelled of ['Paul Premier', 'Paule Seconde']) expect(printable.text).not.toContain(cancelled);
    await admin.agent.get(`${COORDINATION}/${id}/liste`).expect(403);
    await employer.agent.get(`${COORDINATION}/${id}/liste`).expect(403);
    const csv = await coordinator.agent.get(`${COORDINATION}/${id}/export.csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const views = await t.dataSource.query(`SELECT details->>'view' AS view FROM audit_events WHERE subject_id = $1 AND action = 'awareness_day.identities_read' ORDER BY id`, [id]);
    expect(views.map((v: { view: string }) => v.view)).toEqual(['print', 'csv']);
  });

  it('refuses a registration after the deadline with the French reason on the page', async () => {
    const id = await createByForm('Date limite passée');
    await t.dataSource.query(`UPDATE awareness_days SET registration_closes_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const page = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
    expect(page.text).not.toContain('Inscrire des participants');
    const refused = await form(employer, `${EMPLOYER}/${id}/inscription`, { fullName_1: 'Trop Tard', birthDate_1: '1980-01-01', documentType_1: 'passeport', documentNumber_1: 'ZZ123456' }).expect(409);
    expect(refused.text).toContain('Les inscriptions sont closes depuis la fin du');
  });

  it('records attendance on the day, delivers the certificate to the attendee’s organisation and the coordinator, and says when identities are erased', async () => {
    const id = await createByForm('Jour J');
    await form(employer, `${EMPLOYER}/${id}/inscription`, { fullName_1: 'Léa Présente', birthDate_1: '1990-09-09', documentType_1: 'permis_conduire', documentNumber_1: 'PC998877', fullName_2: 'Marc Absent', birthDate_2: '1991-01-01', documentType_2: 'passeport', documentNumber_2: 'PA112233' }).expect(303);
    const [lea, marc] = await t.dataSource.query(`SELECT id FROM awareness_attendees WHERE awareness_day_id = $1 ORDER BY arrival`, [id]);
    // Too early: attendance is noted from the day on.
    expect((await form(coordinator, `${COORDINATION}/${id}/presences/${lea.id}`, { attendance: 'present' }).expect(409)).text).toContain('à partir du jour de la demi-journée');
    await t.dataSource.query(`UPDATE awareness_days SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 minute', registration_closes_at = now() - interval '2 days' WHERE id = $1`, [id]);
    const checkIn = await coordinator.agent.get(`${COORDINATION}/${id}/presences`).expect(200);
    expect(checkIn.text).toContain('Léa Présente');
    expect(checkIn.text).toContain('name="attendance" value="present"');
    expect(checkIn.text).not.toContain('name="_csrf" value=""');
    await form(coordinator, `${COORDINATION}/${id}/presences/${lea.id}`, { attendance: 'present' }).expect(303);
    await form(coordinator, `${COORDINATION}/${id}/presences/${marc.id}`, { attendance: 'absent' }).expect(303);
    await form(coordinator, `${COORDINATION}/${id}/presences/${marc.id}`, { attendance: 'peut-être' }).expect(400);

    const certificate = await employer.agent.get(`${EMPLOYER}/${id}/attestations/${lea.id}`).expect(200);
    expect(certificate.text).toContain('Attestation de participation');
    expect(certificate.text).toContain('<strong>Léa Présente</strong>, pour Boulangerie Témoin');
    expect(certificate.text).not.toContain('PC998877');
    await coordinator.agent.get(`${COORDINATION}/${id}/attestations/${lea.id}`).expect(200);
    expect((await employer.agent.get(`${EMPLOYER}/${id}/attestations/${marc.id}`).expect(409)).text).toContain('qu’aux participants notés présents');
    await otherEmployer.agent.get(`${EMPLOYER}/${id}/attestations/${lea.id}`).expect(404);
    expect((await employer.agent.get(`${EMPLOYER}/${id}`).expect(200)).text).toContain(`/attestations/${lea.id}`);

    const [{ ends_at: endsAt }] = await t.dataSource.query(`SELECT ends_at FROM awareness_days WHERE id = $1`, [id]);
    const ds = t.dataSource;
    const sweeper = new AwarenessDaysSweepService(
      new AwarenessDaysRepository(ds),
      new EmailOutboxService(new OutboxService(new OutboxRepository(ds))),
      t.app.get(AuditService),
      new TransactionRunner(ds),
      new FixedClock(new Date(endsAt.getTime() + (t.config.AWARENESS_IDENTITY_ERASE_AFTER_DAYS + 1) * 86_400_000)),
      t.config,
    );
    await sweeper.sweep();
    const gone = await employer.agent.get(`${EMPLOYER}/${id}/attestations/${lea.id}`).expect(410);
    expect(gone.text).toContain('ont été effacées le');
    const after = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
    expect(after.text).toContain('Participant 1');
    expect(after.text).toContain('Identité effacée après la demi-journée : l’attestation ne peut plus être éditée');
    // The printable list leaves the erased attendees out and only says how many there were.
    const printable = (await coordinator.agent.get(`${COORDINATION}/${id}/liste`).expect(200)).text;
    expect(printable).toMatch(/Les données d’identité de [1-9]\d* participant\(s\) ont été effacées/);
    expect(printable).not.toContain('Participant 1 (Boulangerie Témoin)');
    expect(printable).toContain('Aucun participant confirmé.');
  });

  it('offers the organisation’s programmes on the create and edit forms, and refuses one it does not take part in', async () => {
    const [mine] = await t.dataSource.query(`INSERT INTO programmes (name) VALUES ('100 Chances Poitou') RETURNING id`);
    const [foreign] = await t.dataSource.query(`INSERT INTO programmes (name) VALUES ('Programme d’ailleurs') RETURNING id`);
    await t.dataSource.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2)`, [mine.id, coordinator.organisationId]);

    const blank = (await coordinator.agent.get(`${COORDINATION}/nouvelle`).expect(200)).text;
    expect(blank).toContain('<select id="programmeId" name="programmeId"');
    expect(blank).toContain('<option value="" selected>Aucun programme</option>');
    expect(blank).toContain(`<option value="${mine.id}" >100 Chances Poitou</option>`);
    expect(blank).not.toContain(foreign.id);

    const id = await createByForm('Avec programme', { programmeId: mine.id });
    expect((await coordinator.agent.get(`${COORDINATION}/${id}`).expect(200)).text).toContain('Mission Locale Organisatrice — 100 Chances Poitou');
    expect((await t.dataSource.query(`SELECT programme_id FROM awareness_days WHERE id = $1`, [id]))[0].programme_id).toBe(mine.id);
    expect((await coordinator.agent.get(`${COORDINATION}/${id}/modifier`).expect(200)).text).toContain(`<option value="${mine.id}" selected>100 Chances Poitou</option>`);

    const edit = { title: 'Avec programme', date: dayDate, startTime: '09:00', endTime: '12:30', capacity: '2', deadline: '' };
    const refused = await form(coordinator, `${COORDINATION}/${id}`, { ...edit, programmeId: foreign.id }).expect(422);
    expect(refused.text).toContain('<p class="error" id="programmeId-error">Programme introuvable parmi ceux de votre organisation.</p>');
    const malformed = await form(coordinator, `${COORDINATION}/${id}`, { ...edit, programmeId: 'pas-un-programme' }).expect(400);
    expect(malformed.text).toContain('Identifiant de programme invalide.');
    expect((await t.dataSource.query(`SELECT programme_id FROM awareness_days WHERE id = $1`, [id]))[0].programme_id).toBe(mine.id);

    // « Aucun programme » detaches it.
    await form(coordinator, `${COORDINATION}/${id}`, { ...edit, programmeId: '' }).expect(303);
    expect((await t.dataSource.query(`SELECT programme_id FROM awareness_days WHERE id = $1`, [id]))[0].programme_id).toBeNull();
    // A foreign programme is refused at creation too, with the form redisplayed.
    const foreignCreate = await form(coordinator, COORDINATION, { establishmentCode: ESTABLISHMENT, ...edit, title: 'Programme étranger', programmeId: foreign.id }).expect(422);
    expect(foreignCreate.text).toContain('value="Programme étranger"');
  });

  it('lets the coordinator cancel a half-day from its page', async () => {
    const id = await createByForm('À annuler');
    await form(coordinator, `${COORDINATION}/${id}/annulation`).expect(303);
    expect((await coordinator.agent.get(`${COORDINATION}/${id}`).expect(200)).text).toContain('Cette demi-journée est annulée.');
    expect((await form(coordinator, `${COORDINATION}/${id}/annulation`).expect(409)).text).toContain('Cette demi-journée est annulée.');
  });
});
