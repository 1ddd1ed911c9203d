import { Clock } from '../../src/common/clock/clock';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { AwarenessDaysRepository } from '../../src/modules/awareness-days/awareness-days.repository';
import { AwarenessDaysSweepService } from '../../src/modules/awareness-days/awareness-days-sweep.service';
import { AwarenessIdentityCipher } from '../../src/modules/awareness-days/awareness-identity-cipher';
import { AppConfig } from '../../src/config/app-config';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { addDays } from '../../src/modules/sponsorships/sponsorship-rules';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string; organisationId: string | null };

const API = '/api/awareness-days';
const ESTABLISHMENT = 'CP POITIERS VIVONNE';
const today = () => parisDate(new Date());

/** The time the sweep built by hand sees; tests move it. */
class TestClock extends Clock {
  at = new Date();
  now(): Date {
    return new Date(this.at);
  }
}

let counter = 0;
/** A distinct attendee: the name and number are what must never leak. */
const attendee = (name = `Personne Témoin ${++counter}`) => ({ fullName: name, birthDate: '1985-04-12', documentType: 'passeport', documentNumber: `PX${String(100000 + ++counter)}` });

describe('awareness half-days: API, capacity and waitlist, deadline, export, erasure, e-mails (real PostgreSQL, Redis, SMTP)', () => {
  let t: TestApp;
  let coordinator: Signed;
  let otherCoordinator: Signed;
  let employerA: Signed;
  let employerB: Signed;
  let pendingEmployer: Signed;
  let admin: Signed;

  const signIn = async (role: Role, organisation: Organisation | null, displayName = 'Utilisateur Test'): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, displayName, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email, organisationId: organisation?.id ?? null };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const patch = (who: Signed, path: string, body: object = {}) => who.agent.patch(path).set('x-csrf-token', who.csrf).send(body);
  const createDay = async (overrides: Record<string, unknown> = {}) => {
    const res = await post(coordinator, API, {
      establishmentCode: ESTABLISHMENT,
      title: 'Découvrir le centre pénitentiaire',
      date: addDays(today(), 30),
      startTime: '09:00',
      endTime: '12:30',
      capacity: 10,
      programmeText: 'Accueil, consignes de sécurité, visite des ateliers.',
      whatToBring: 'La pièce d’identité déclarée.',
      forbiddenItems: 'Téléphones, clés USB.',
      ...overrides,
    });
    if (res.status !== 201) throw new Error(`creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; deadline: string; date: string; registrationClosesAt: string };
  };
  const attendeesOf = (dayId: string): Promise<{ id: string; status: string; arrival: string; full_name: string | null; document_number_enc: string | null; organisation_id: string }[]> =>
    t.dataSource.query(
      `SELECT a.id, a.status, a.arrival, a.full_name, a.document_number_enc, r.organisation_id FROM awareness_attendees a JOIN awareness_registrations r ON r.id = a.registration_id
        WHERE a.awareness_day_id = $1 ORDER BY a.arrival`,
      [dayId],
    );
  const outboxOf = (dayId: string): Promise<{ template: string; recipient: string }[]> =>
    t.dataSource.query(
      `SELECT payload->>'template' AS template, payload->>'recipientUserId' AS recipient FROM outbox_messages WHERE payload->>'awarenessDayId' = $1 ORDER BY id`,
      [dayId],
    );

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    const organiser = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou' });
    coordinator = await signIn(Role.Coordinator, organiser);
    otherCoordinator = await signIn(Role.Coordinator, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    employerA = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Menuiseries du Clain' }), 'Aurore Recruteuse');
    employerB = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Transports Autres' }));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    admin = await signIn(Role.Admin, null);
  });
  afterAll(() => t?.close());

  it('creates a half-day with the default deadline 15 days before, and refuses bad input with French messages naming the fields', async () => {
    const day = await createDay();
    expect(day.deadline).toBe(addDays(day.date, -15));
    const bad = await post(coordinator, API, { establishmentCode: ESTABLISHMENT, title: 'X', date: '2026-02-30', startTime: '9h', endTime: '12:00', capacity: 0 }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['capacity', 'date', 'startTime', 'title']);
    const late = await post(coordinator, API, { establishmentCode: ESTABLISHMENT, title: 'Trop tard', date: addDays(today(), 10), startTime: '09:00', endTime: '12:00', capacity: 5 }).expect(400);
    expect(late.body.errors).toEqual([{ field: 'deadline', message: expect.stringContaining('déjà passée') }]);
    const unknown = await post(coordinator, API, { establishmentCode: 'NULLE PART', title: 'Inconnu', date: addDays(today(), 30), startTime: '09:00', endTime: '12:00', capacity: 5 }).expect(422);
    expect(unknown.body.code).toBe('awareness_day.unknown_establishment');
    await post(employerA, API, {}).expect(403);
    await post(admin, API, {}).expect(403);
  });

  it('answers bad ids, bodies and pages with a 400 naming the field, never a 500', async () => {
    const day = await createDay();
    expect((await coordinator.agent.get(`${API}/pas-un-id`).expect(400)).body.errors).toEqual([{ field: 'id', message: 'Identifiant invalide.' }]);
    expect((await post(employerA, `${API}/${day.id}/attendees/pas-un-id/cancel`).expect(400)).body.errors).toEqual([{ field: 'attendeeId', message: 'Identifiant invalide.' }]);
    expect((await employerA.agent.get(`${API}?pageSize=1000`).expect(400)).body.errors[0].field).toBe('pageSize');
    expect((await post(employerA, `${API}/${day.id}/registrations`, { attendees: 'Camille' }).expect(400)).body.errors[0].field).toBe('attendees');
    expect((await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee(), attendee(), attendee(), attendee()] }).expect(400)).body.errors[0].message).toBe('3 participants au plus par organisation.');
    expect((await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee()], organisationId: day.id }).expect(400)).body.errors).toEqual([{ field: 'organisationId', message: 'Champ non autorisé.' }]);
    const fields = (await patch(coordinator, `${API}/${day.id}`, { capacity: '12', establishmentCode: 'AUTRE' }).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect([...new Set(fields)].sort()).toEqual(['capacity', 'establishmentCode']);
    expect((await post(coordinator, `${API}/${day.id}/cancel`, { reason: 'x' }).expect(400)).body.errors).toEqual([{ field: 'reason', message: 'Champ non autorisé.' }]);
    await coordinator.agent.get(`${API}/4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f`).expect(404);
  });

  it('never overbooks: 50 simultaneous registrations against 7 seats confirm exactly 7 and waitlist the rest in order of arrival', async () => {
    const day = await createDay({ capacity: 7 });
    const employers: Signed[] = [];
    for (let i = 0; i < 50; i++) employers.push(await signIn(Role.Employer, await createOrganisation(t.dataSource)));
    const answers = await Promise.all(employers.map((e) => post(e, `${API}/${day.id}/registrations`, { attendees: [attendee()] })));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));

    const rows = await attendeesOf(day.id);
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(7);
    // The first 7 to arrive (in commit order, which the lock makes the arrival order) hold the seats.
    expect(rows.slice(0, 7).every((r) => r.status === 'confirmed')).toBe(true);
    expect(rows.slice(7).every((r) => r.status === 'waitlisted')).toBe(true);
    const positions = answers.map((a) => a.body.ownRegistration.attendees[0]).filter((a: { status: string }) => a.status === 'waitlisted');
    expect(positions.map((a: { waitlistPosition: number }) => a.waitlistPosition).sort((x: number, y: number) => x - y)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM awareness_attendees WHERE awareness_day_id = $1 AND status = 'confirmed'`, [day.id]);
    expect(n).toBe(7);

    // Cancelling a confirmed attendee promotes the first on the waitlist, in the same transaction, with its e-mail.
    const firstWaiting = rows[7];
    const cancelled = rows[2];
    const owner = employers.find((e) => e.organisationId === cancelled.organisation_id)!;
    const promotedOwner = employers.find((e) => e.organisationId === firstWaiting.organisation_id)!;
    await post(owner, `${API}/${day.id}/attendees/${cancelled.id}/cancel`).expect(200);
    const after = await attendeesOf(day.id);
    expect(after.find((r) => r.id === cancelled.id)!.status).toBe('cancelled');
    expect(after.find((r) => r.id === firstWaiting.id)!.status).toBe('confirmed');
    expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(7);
    const mails = await outboxOf(day.id);
    expect(mails.filter((m) => m.template === 'awareness-day-promoted')).toEqual([{ template: 'awareness-day-promoted', recipient: promotedOwner.id }]);
    expect(mails.filter((m) => m.template === 'awareness-day-registration-cancelled')).toEqual([{ template: 'awareness-day-registration-cancelled', recipient: owner.id }]);
    const promotedMail = await t.mail.waitFor((m) => m.to.includes(promotedOwner.email) && m.subject.startsWith('Une place s’est libérée') && m.text.includes(day.id), 20_000);
    expect(promotedMail.text).toContain(': 1 participant(s) confirmé(s), 0 en liste d’attente.');
    const view = (await promotedOwner.agent.get(`${API}/${day.id}`).expect(200)).body;
    expect(view.ownRegistration.attendees[0]).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(view.ownRegistration.attendees[0].promotedAt).not.toBeNull();
    // Everyone behind moved up one place.
    const second = employers.find((e) => e.organisationId === rows[8].organisation_id)!;
    expect((await second.agent.get(`${API}/${day.id}`).expect(200)).body.ownRegistration.attendees[0].waitlistPosition).toBe(1);

    // Raising the capacity promotes the next two.
    await patch(coordinator, `${API}/${day.id}`, { capacity: 9 }).expect(200);
    expect((await attendeesOf(day.id)).filter((r) => r.status === 'confirmed').map((r) => r.id)).toEqual([...rows.slice(0, 10).map((r) => r.id)].filter((id) => id !== cancelled.id));
    const lower = await patch(coordinator, `${API}/${day.id}`, { capacity: 3 }).expect(409);
    expect(lower.body.code).toBe('awareness_day.capacity_below_confirmed');
  });

  it('caps each organisation at 3 attendees, refuses a person typed twice, and keeps the identity encrypted at rest', async () => {
    const day = await createDay();
    const twice = await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee('Élise Noël'), { ...attendee('elise  noel'), birthDate: '1985-04-12' }] }).expect(400);
    expect(twice.body.errors).toEqual([{ field: 'attendees.1.fullName', message: 'Cette personne figure déjà plus haut dans la liste.' }]);
    const bad = await post(employerA, `${API}/${day.id}/registrations`, { attendees: [{ fullName: 'A', birthDate: '1985-13-01', documentType: 'badge', documentNumber: '!' }] }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['attendees.0.birthDate', 'attendees.0.documentNumber', 'attendees.0.documentType', 'attendees.0.fullName']);
    const first = attendee('Élise Noël');
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [first, attendee()] }).expect(200);
    const over = await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee(), attendee()] }).expect(409);
    expect(over.body).toMatchObject({ code: 'awareness_day.too_many_attendees', detail: expect.stringContaining('3 au plus par organisation') });
    const again = await post(employerA, `${API}/${day.id}/registrations`, { attendees: [first] }).expect(400);
    expect(again.body.errors[0].message).toContain('déjà inscrite');
    const stored = await attendeesOf(day.id);
    expect(stored[0].document_number_enc).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(first.documentNumber);
    await post(pendingEmployer, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(403);
    await post(coordinator, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(403);
  });

  it('shows employers their own attendees’ names only, never another organisation’s, nor anyone’s date of birth or ID document', async () => {
    const day = await createDay();
    const mine = attendee('Aurore Témoin');
    const theirs = attendee('Bastien Autre');
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [mine] }).expect(200);
    const registered = await post(employerB, `${API}/${day.id}/registrations`, { attendees: [theirs] }).expect(200);
    const seenByB = JSON.stringify(registered.body) + JSON.stringify((await employerB.agent.get(`${API}/${day.id}`).expect(200)).body) + JSON.stringify((await employerB.agent.get(API).expect(200)).body);
    expect(seenByB).toContain('Bastien Autre');
    for (const trace of ['Aurore Témoin', mine.documentNumber, theirs.documentNumber, '1985-04-12']) expect({ trace, found: seenByB.includes(trace) }).toEqual({ trace, found: false });
    const aAttendee = (await attendeesOf(day.id)).find((r) => r.organisation_id === employerA.organisationId)!;
    await post(employerB, `${API}/${day.id}/attendees/${aAttendee.id}/cancel`).expect(404);
    // The organiser's overview has organisations and statuses, no names; admins read counts, no identity at all.
    const overview = JSON.stringify((await coordinator.agent.get(`${API}/${day.id}`).expect(200)).body);
    expect(overview).toContain('Menuiseries du Clain');
    expect(overview).not.toContain('Aurore Témoin');
    await admin.agent.get(`${API}/${day.id}`).expect(200);
    await admin.agent.get(`${API}/${day.id}/attendees`).expect(403);
    await admin.agent.get(`${API}/${day.id}/export.csv`).expect(403);
    await employerA.agent.get(`${API}/${day.id}/attendees`).expect(403);
    await otherCoordinator.agent.get(`${API}/${day.id}/attendees`).expect(404);
    await otherCoordinator.agent.get(`${API}/${day.id}`).expect(404);
  });

  it('exports the identity list for the security office as a French CSV, audits every read with ids only', async () => {
    const day = await createDay({ capacity: 1 });
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [{ fullName: 'Martin; "Cam"', birthDate: '1990-02-03', documentType: 'carte_identite', documentNumber: 'X4RTBPFW4' }] }).expect(200);
    await post(employerB, `${API}/${day.id}/registrations`, { attendees: [{ fullName: 'Zoé Attente', birthDate: '1979-11-30', documentType: 'titre_sejour', documentNumber: 'TS-998877' }] }).expect(200);
    const res = await coordinator.agent.get(`${API}/${day.id}/export.csv`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toContain(`demi-journee-${day.date}-participants.csv`);
    expect(res.body).toBe(
      '\uFEFFnom complet;date de naissance;type de pièce;numéro;organisation;statut\r\n' +
        '"Martin; ""Cam""";03/02/1990;Carte d’identité;X4RTBPFW4;Menuiseries du Clain;Confirmé·e\r\n' +
        'Zoé Attente;30/11/1979;Titre de séjour;TS-998877;Transports Autres;Liste d’attente (1)\r\n',
    );
    const list = (await coordinator.agent.get(`${API}/${day.id}/attendees`).expect(200)).body;
    expect(list.entries.map((e: { fullName: string; documentNumber: string }) => [e.fullName, e.documentNumber])).toEqual([
      ['Martin; "Cam"', 'X4RTBPFW4'],
      ['Zoé Attente', 'TS-998877'],
    ]);
    const reads = await t.dataSource.query(`SELECT actor_user_id, details FROM audit_events WHERE subject_id = $1 AND action = 'awareness_day.identities_read' ORDER BY id`, [day.id]);
    expect(reads.map((r: { details: { view: string } }) => r.details.view)).toEqual(['csv', 'api']);
    expect(reads[0].actor_user_id).toBe(coordinator.id);
    const trail = JSON.stringify(await t.dataSource.query(`SELECT details FROM audit_events WHERE subject_id = $1`, [day.id]));
    for (const trace of ['Martin', 'Zoé', 'X4RTBPFW4', 'TS-998877', '1990-02-03']) expect({ trace, found: trail.includes(trace) }).toEqual({ trace, found: false });
  });

  it('says « illisible » for an ID number encrypted under a former APP_SECRET, in the CSV, the printable list and the API', async () => {
    const day = await createDay();
    const person = attendee('Clé Ancienne');
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [person] }).expect(200);
    const former = new AwarenessIdentityCipher({ APP_SECRET: `${t.config.APP_SECRET}-avant-rotation` } as AppConfig);
    await t.dataSource.query(`UPDATE awareness_attendees SET document_number_enc = $2 WHERE awareness_day_id = $1`, [day.id, former.encrypt(person.documentNumber)]);

    const csv = (await coordinator.agent.get(`${API}/${day.id}/export.csv`).expect(200)).text;
    expect(csv).toContain('Clé Ancienne;12/04/1985;Passeport;illisible;Menuiseries du Clain;Confirmé·e');
    expect(csv).not.toContain(person.documentNumber);
    const list = (await coordinator.agent.get(`${API}/${day.id}/attendees`).expect(200)).body;
    expect(list.entries.map((e: Record<string, unknown>) => [e.fullName, e.documentNumber, e.documentNumberUnreadable, e.identityErased])).toEqual([['Clé Ancienne', null, true, false]]);
    const printable = (await coordinator.agent.get(`/coordination/demi-journees/${day.id}/liste`).expect(200)).text;
    expect(printable).toContain('<th scope="row">Clé Ancienne</th><td>12/04/1985</td><td>Passeport</td><td>illisible</td>');
  });

  it('closes registration at the deadline with a clear 409, while cancellations stay possible', async () => {
    const day = await createDay();
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(200);
    await t.dataSource.query(`UPDATE awareness_days SET registration_closes_at = now() - interval '1 minute' WHERE id = $1`, [day.id]);
    const closed = await post(employerB, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(409);
    expect(closed.body).toMatchObject({ code: 'awareness_day.registration_closed', detail: expect.stringMatching(/^Les inscriptions sont closes depuis la fin du \d{2}\/\d{2}\/\d{4}/) });
    const [mine] = await attendeesOf(day.id);
    await post(employerA, `${API}/${day.id}/attendees/${mine.id}/cancel`).expect(200);
    expect((await attendeesOf(day.id))[0].status).toBe('cancelled');
    await post(employerA, `${API}/${day.id}/attendees/${mine.id}/cancel`).expect(409);
  });

  it('cancels a half-day and tells every registered organisation', async () => {
    const day = await createDay();
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(200);
    await post(employerB, `${API}/${day.id}/cancel`).expect(403);
    await post(otherCoordinator, `${API}/${day.id}/cancel`).expect(404);
    const res = await post(coordinator, `${API}/${day.id}/cancel`).expect(200);
    expect(res.body.status).toBe('cancelled');
    expect((await outboxOf(day.id)).filter((m) => m.template === 'awareness-day-cancelled')).toEqual([{ template: 'awareness-day-cancelled', recipient: employerA.id }]);
    const told = await t.mail.waitFor((m) => m.to.includes(employerA.email) && m.subject.startsWith('Demi-journée annulée :') && m.text.includes(day.id), 20_000);
    expect(told.text).toContain('La coordination a annulé la demi-journée de sensibilisation');
    expect((await post(employerB, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(409)).body.code).toBe('awareness_day.cancelled');
    // Still visible to the organisation that was registered, not to others.
    await employerA.agent.get(`${API}/${day.id}`).expect(200);
    await employerB.agent.get(`${API}/${day.id}`).expect(404);
  });

  it('lists upcoming half-days near the employer’s basin first, and the organisation’s registrations', async () => {
    const place: { basin_code: string; department_code: string }[] = await t.dataSource.query(`SELECT basin_code, department_code FROM establishments WHERE code = $1`, [ESTABLISHMENT]);
    const [far] = await t.dataSource.query(`SELECT code FROM establishments WHERE department_code <> $1 AND basin_code IS NOT NULL AND basin_code <> $2 ORDER BY code LIMIT 1`, [place[0].department_code, place[0].basin_code]);
    const [commune] = await t.dataSource.query(`SELECT insee_code FROM communes WHERE basin_code = $1 LIMIT 1`, [place[0].basin_code]);
    const near = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Voisins du centre' }));
    await t.dataSource.query(`UPDATE organisations SET commune_code = $2, basin_code = $3 WHERE id = $1`, [near.organisationId, commune.insee_code, place[0].basin_code]);
    const farDay = await createDay({ establishmentCode: far.code, date: addDays(today(), 20) });
    const nearDay = await createDay({ date: addDays(today(), 60) });
    const list = (await near.agent.get(`${API}?pageSize=100`).expect(200)).body;
    const ids = list.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(nearDay.id)).toBeLessThan(ids.indexOf(farDay.id));
    expect(list.items.find((i: { id: string }) => i.id === nearDay.id)).toMatchObject({ nearness: 'same_basin', nearnessLabel: 'Dans votre bassin d’emploi' });
    expect(list.items.find((i: { id: string }) => i.id === farDay.id).nearness).not.toBe('same_basin');
    await post(near, `${API}/${nearDay.id}/registrations`, { attendees: [attendee()] }).expect(200);
    const mine = (await near.agent.get(`${API}/registrations`).expect(200)).body;
    expect(mine.items.map((i: { id: string; ownConfirmed: number }) => [i.id, i.ownConfirmed])).toEqual([[nearDay.id, 1]]);
    await pendingEmployer.agent.get(API).expect(403);
  });

  describe('hourly sweep with a fixed clock', () => {
    let clock: TestClock;
    let sweeper: AwarenessDaysSweepService;

    beforeAll(() => {
      clock = new TestClock();
      const ds = t.dataSource;
      sweeper = new AwarenessDaysSweepService(
        new AwarenessDaysRepository(ds),
        new EmailOutboxService(new OutboxService(new OutboxRepository(ds))),
        t.app.get(AuditService),
        new TransactionRunner(ds),
        clock,
        t.config,
      );
    });

    it('erases the attendees’ identity AWARENESS_IDENTITY_ERASE_AFTER_DAYS after the half-day, not before; the rows keep their status and attendance', async () => {
      const day = await createDay();
      await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee('Présente Témoin'), attendee()] }).expect(200);
      const [present, absent] = await attendeesOf(day.id);
      // The half-day took place yesterday (moved back in time: the clock of the api is the real one).
      await t.dataSource.query(
        `UPDATE awareness_days SET starts_at = now() - interval '1 day', ends_at = now() - interval '1 day' + interval '3 hours', registration_closes_at = now() - interval '3 days' WHERE id = $1`,
        [day.id],
      );
      await post(coordinator, `${API}/${day.id}/attendees/${present.id}/attendance`, { attendance: 'present' }).expect(200);
      await post(coordinator, `${API}/${day.id}/attendees/${absent.id}/attendance`, { attendance: 'absent' }).expect(200);
      await post(coordinator, `${API}/${day.id}/attendees/${absent.id}/attendance`, { attendance: 'late' }).expect(400);

      const [{ ends_at: endsAt }] = await t.dataSource.query(`SELECT ends_at FROM awareness_days WHERE id = $1`, [day.id]);
      const days = t.config.AWARENESS_IDENTITY_ERASE_AFTER_DAYS;
      clock.at = new Date(endsAt.getTime() + days * 86_400_000 - 60_000);
      await sweeper.sweep();
      expect((await attendeesOf(day.id)).every((r) => r.full_name !== null)).toBe(true);

      clock.at = new Date(endsAt.getTime() + days * 86_400_000 + 60_000);
      expect((await sweeper.sweep()).identitiesErased).toBeGreaterThanOrEqual(2);
      const erased = await t.dataSource.query(
        `SELECT full_name, birth_date, document_type, document_number_enc, identity_erased_at, attendance, status FROM awareness_attendees WHERE awareness_day_id = $1 ORDER BY arrival`,
        [day.id],
      );
      expect(erased.map((r: Record<string, unknown>) => [r.full_name, r.birth_date, r.document_type, r.document_number_enc, r.attendance, r.status])).toEqual([
        [null, null, null, null, 'present', 'confirmed'],
        [null, null, null, null, 'absent', 'confirmed'],
      ]);
      expect(erased.every((r: { identity_erased_at: Date | null }) => r.identity_erased_at !== null)).toBe(true);
      expect((await sweeper.sweep()).identitiesErased).toBe(0);
      // The export leaves erased attendees out: nothing left to clear, no row hinting at who they were.
      const csv = (await coordinator.agent.get(`${API}/${day.id}/export.csv`).expect(200)).text;
      expect(csv.replace(/^\uFEFF/, '')).toBe('nom complet;date de naissance;type de pièce;numéro;organisation;statut\r\n');
      const printable = (await coordinator.agent.get(`/coordination/demi-journees/${day.id}/liste`).expect(200)).text;
      expect(printable).toContain('Les données d’identité de 2 participant(s) ont été effacées');
      expect(printable).not.toContain('Participant 1 (Menuiseries du Clain)');
      const view = (await employerA.agent.get(`${API}/${day.id}`).expect(200)).body;
      expect(view.ownRegistration.attendees.map((a: { label: string }) => a.label)).toEqual(['Participant 1', 'Participant 2']);
      const audit = await t.dataSource.query(`SELECT actor_user_id, details FROM audit_events WHERE subject_id = $1 AND action = 'awareness_day.identities_erased'`, [day.id]);
      expect(audit).toEqual([{ actor_user_id: null, details: { attendees: 2 } }]);
    });

    it('erases the identities of a cancelled half-day AWARENESS_IDENTITY_ERASE_AFTER_DAYS after its cancellation, not after its planned end', async () => {
      const day = await createDay({ date: addDays(today(), 90) });
      await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee(), attendee()] }).expect(200);
      await post(coordinator, `${API}/${day.id}/cancel`).expect(200);
      const [{ cancelled_at: cancelledAt }] = await t.dataSource.query(`SELECT cancelled_at FROM awareness_days WHERE id = $1`, [day.id]);
      const due = cancelledAt.getTime() + t.config.AWARENESS_IDENTITY_ERASE_AFTER_DAYS * 86_400_000;
      expect((await coordinator.agent.get(`${API}/${day.id}`).expect(200)).body.identityErasureAt).toBe(new Date(due).toISOString());

      clock.at = new Date(due - 60_000);
      await sweeper.sweep();
      expect((await attendeesOf(day.id)).map((a) => a.full_name !== null)).toEqual([true, true]);

      clock.at = new Date(due + 60_000);
      await sweeper.sweep();
      const rows = await t.dataSource.query(
        `SELECT full_name, birth_date, document_type, document_number_enc, identity_erased_at FROM awareness_attendees WHERE awareness_day_id = $1 ORDER BY arrival`,
        [day.id],
      );
      expect(rows).toEqual([
        { full_name: null, birth_date: null, document_type: null, document_number_enc: null, identity_erased_at: new Date(due + 60_000) },
        { full_name: null, birth_date: null, document_type: null, document_number_enc: null, identity_erased_at: new Date(due + 60_000) },
      ]);
      const audit = await t.dataSource.query(`SELECT actor_user_id, details FROM audit_events WHERE subject_id = $1 AND action = 'awareness_day.identities_erased'`, [day.id]);
      expect(audit).toEqual([{ actor_user_id: null, details: { attendees: 2 } }]);
    });

    it('erases a cancelled attendee’s identity AWARENESS_IDENTITY_ERASE_AFTER_DAYS after their cancellation; the others’ stay until after the half-day', async () => {
      const day = await createDay({ date: addDays(today(), 60) });
      const kept = attendee('Reste Inscrite');
      const leaving = attendee('Part Avant');
      await post(employerA, `${API}/${day.id}/registrations`, { attendees: [kept, leaving] }).expect(200);
      const [keptRow, leavingRow] = await attendeesOf(day.id);
      await post(employerA, `${API}/${day.id}/attendees/${leavingRow.id}/cancel`).expect(200);
      // The security office's list never carried the cancelled attendee.
      const before = (await coordinator.agent.get(`${API}/${day.id}/export.csv`).expect(200)).text;
      expect(before).toContain('Reste Inscrite;12/04/1985;Passeport;');
      expect(before).not.toContain('Part Avant');

      const [{ cancelled_at: cancelledAt }] = await t.dataSource.query(`SELECT cancelled_at FROM awareness_attendees WHERE id = $1`, [leavingRow.id]);
      const due = cancelledAt.getTime() + t.config.AWARENESS_IDENTITY_ERASE_AFTER_DAYS * 86_400_000;
      clock.at = new Date(due - 60_000);
      await sweeper.sweep();
      expect((await attendeesOf(day.id)).map((a) => [a.id, a.full_name])).toEqual([
        [keptRow.id, 'Reste Inscrite'],
        [leavingRow.id, 'Part Avant'],
      ]);

      clock.at = new Date(due + 60_000);
      await sweeper.sweep();
      const after = await t.dataSource.query(`SELECT id, full_name, document_number_enc, identity_erased_at, status FROM awareness_attendees WHERE awareness_day_id = $1 ORDER BY arrival`, [day.id]);
      expect(after.map((r: Record<string, unknown>) => [r.id, r.full_name, r.document_number_enc === null, r.identity_erased_at !== null, r.status])).toEqual([
        [keptRow.id, 'Reste Inscrite', false, false, 'confirmed'],
        [leavingRow.id, null, true, true, 'cancelled'],
      ]);
      const view = (await employerA.agent.get(`${API}/${day.id}`).expect(200)).body;
      expect(view.ownRegistration.attendees.map((a: { label: string }) => a.label)).toEqual(['Reste Inscrite', 'Participant 2']);
      const csv = (await coordinator.agent.get(`${API}/${day.id}/export.csv`).expect(200)).text;
      expect(csv).toContain(`Reste Inscrite;12/04/1985;Passeport;${kept.documentNumber};Menuiseries du Clain;Confirmé·e`);
    });

    it('sends the J-7 and J-1 reminders once each, however many sweeps run', async () => {
      const day = await createDay({ date: addDays(today(), 25) });
      await post(employerA, `${API}/${day.id}/registrations`, { attendees: [attendee()] }).expect(200);
      const reminders = async () => (await outboxOf(day.id)).filter((m) => m.template.startsWith('awareness-day-reminder')).map((m) => [m.template, m.recipient]);
      const noon = (date: string) => new Date(`${date}T11:00:00Z`);
      clock.at = noon(addDays(day.date, -8));
      await sweeper.sweep();
      expect(await reminders()).toEqual([]);
      clock.at = noon(addDays(day.date, -7));
      await sweeper.sweep();
      await sweeper.sweep();
      clock.at = noon(addDays(day.date, -3));
      await sweeper.sweep();
      expect(await reminders()).toEqual([['awareness-day-reminder-d7', employerA.id]]);
      clock.at = noon(addDays(day.date, -1));
      await sweeper.sweep();
      await sweeper.sweep();
      expect(await reminders()).toEqual([
        ['awareness-day-reminder-d7', employerA.id],
        ['awareness-day-reminder-d1', employerA.id],
      ]);
      // The worker of this app relays and sends them, with what to know before coming.
      const d1 = await t.mail.waitFor((m) => m.to.includes(employerA.email) && m.subject.startsWith('Demain : demi-journée du') && m.text.includes(day.id), 20_000);
      expect(d1.text).toContain('Interdit dans l’établissement : Téléphones, clés USB.');
      await t.mail.waitFor((m) => m.to.includes(employerA.email) && m.subject.startsWith('Dans une semaine : demi-journée du') && m.text.includes(day.id), 20_000);
    });
  });

  it('delivers the confirmation e-mail over SMTP in French, naming the half-day and counts but no attendee identity', async () => {
    const day = await createDay();
    const person = attendee('Nom Secret Témoin');
    await post(employerA, `${API}/${day.id}/registrations`, { attendees: [person] }).expect(200);
    const mail = await t.mail.waitFor((m) => m.to.includes(employerA.email) && m.subject.startsWith('Inscription confirmée : demi-journée du') && m.text.includes(day.id), 20_000);
    expect(mail.text).toContain('Bonjour Aurore Recruteuse,');
    expect(mail.text).toContain('Pour Menuiseries du Clain : 1 participant(s) confirmé(s), 0 en liste d’attente.');
    expect(mail.text).toContain(`${t.config.PUBLIC_URL}/organisation/demi-journees/${day.id}`);
    for (const trace of [person.fullName, person.documentNumber, person.birthDate, '12/04/1985']) {
      expect({ trace, found: mail.text.includes(trace) || (mail.html ?? '').includes(trace) }).toEqual({ trace, found: false });
    }
  });
});
