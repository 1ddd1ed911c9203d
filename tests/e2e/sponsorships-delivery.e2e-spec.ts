import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { SponsorshipRemindersService } from '../../src/modules/sponsorships/sponsorship-reminders.service';
import { addDays, addMonths } from '../../src/modules/sponsorships/sponsorship-rules';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { linkFrom, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const PROJECT = 'Reprendre la peinture décorative en atelier.';

describe('sponsorship check-in reminders over SMTP (worker in-process: sweep, outbox, BullMQ, render, send)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
  });
  afterAll(() => t?.close());

  it('sends the sponsor one French e-mail per check-in due, naming the person by the code only', async () => {
    const partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    const counsellorUser = await createUser(t.dataSource, { role: Role.Counsellor, organisationId: partner.id });
    const counsellor = await loginAgent(t.server, counsellorUser.email);
    const sponsor = await createUser(t.dataSource, { role: Role.Employer, organisationId: (await createOrganisation(t.dataSource)).id, displayName: 'Dominique Parrain' });
    const post = (path: string, body: object) => counsellor.agent.post(path).set('x-csrf-token', counsellor.csrf).send(body);

    const profile = await post('/api/candidate-profiles', { establishmentCode: 'CP POITIERS VIVONNE', targetRomeCodes: ['F1606'], project: PROJECT }).expect(201);
    const today = parisDate(new Date());
    const started = addDays(today, -7);
    const sponsorship = await post('/api/sponsorships', {
      profileCode: profile.body.code,
      sponsorEmail: sponsor.email,
      startsOn: started,
      plannedEndOn: addMonths(started, 12),
      candidateAgreed: true,
      candidateAgreedOn: today,
    }).expect(201);

    const sweeper = t.worker!.get(SponsorshipRemindersService, { strict: false });
    expect((await sweeper.sweep()).reminded).toBe(1);
    expect((await sweeper.sweep()).reminded).toBe(0);

    const subject = `Parrainage ${profile.body.code} : point à J+7 à faire`;
    const mail = await t.mail.waitFor((m) => m.to.includes(sponsor.email) && m.subject === subject, 15_000);
    expect(mail.text).toContain('Bonjour Dominique Parrain,');
    expect(linkFrom(mail.text, `/organisation/parrainages/${sponsorship.body.id}`)).toBe(`${t.config.PUBLIC_URL}/organisation/parrainages/${sponsorship.body.id}`);
    for (const trace of [PROJECT, 'Vivonne', 'VIVONNE']) expect(mail.text.includes(trace) || (mail.html ?? '').includes(trace)).toBe(false);
    // One e-mail, however often the sweep runs.
    await sweeper.sweep();
    const queued = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'sponsorshipId' = $1`, [sponsorship.body.id]);
    expect(queued).toHaveLength(1);
  });
});
