import request from 'supertest';
import { nonEssentialDescriptions } from '../../src/infra/mail/email-categories';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { Role, User } from '../../src/modules/users/user.entity';
import { createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

describe('non-essential notifications: the user’s choice (api + pages + worker)', () => {
  let t: TestApp;
  let user: User;
  let session: { agent: Agent; csrf: string };

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    user = await createUser(t.dataSource, { role: Role.Employer });
    session = await loginAgent(t.server, user.email);
  });
  afterAll(() => t?.close());

  const stored = async () => (await t.dataSource.query(`SELECT email_non_essential AS v FROM users WHERE id = $1`, [user.id]))[0].v as boolean;
  const put = (body: object) => session.agent.put('/api/auth/me/email-preferences').set('x-csrf-token', session.csrf).send(body);

  it('reads and changes the choice through the API, on by default', async () => {
    const initial = await session.agent.get('/api/auth/me/email-preferences').expect(200);
    expect(initial.body).toEqual({ nonEssential: true, nonEssentialCovers: nonEssentialDescriptions() });
    expect(initial.body.nonEssentialCovers).toContain('les rappels avant la dépublication d’un besoin de recrutement resté sans mise à jour');
    expect((await put({ nonEssential: false }).expect(200)).body.nonEssential).toBe(false);
    expect(await stored()).toBe(false);
    expect((await session.agent.get('/api/auth/me/email-preferences').expect(200)).body.nonEssential).toBe(false);
  });

  it('refuses anything but a boolean, naming the field, and anonymous callers', async () => {
    for (const body of [{ nonEssential: 'no' }, {}, { nonEssential: 0 }]) {
      const res = await put(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'nonEssential', message: 'E-mails non essentiels : vrai ou faux attendu.' }]);
    }
    expect((await put({ nonEssential: true, digest: false }).expect(400)).body.errors.map((e: { field: string }) => e.field)).toEqual(['digest']);
    await request(t.server).get('/api/auth/me/email-preferences').expect(401);
    await request(t.server).put('/api/auth/me/email-preferences').send({ nonEssential: true }).expect(401);
  });

  it('shows the choice on « Mon compte » and changes it with the checkbox', async () => {
    await put({ nonEssential: false }).expect(200);
    const off = await session.agent.get('/compte').expect(200);
    expect(off.text).toContain('Notifications par e-mail');
    expect(off.text).toMatch(/<input id="nonEssential" name="nonEssential" type="checkbox" value="1" +aria-describedby/);

    const on = await session.agent.post('/compte/notifications').type('form').send({ _csrf: session.csrf, nonEssential: '1' }).expect(303);
    expect(on.headers.location).toBe('/compte?info=notifications-activees');
    expect(await stored()).toBe(true);
    const page = await session.agent.get(on.headers.location).expect(200);
    expect(page.text).toContain('Vous recevrez les e-mails non essentiels.');
    expect(page.text).toMatch(/type="checkbox" value="1" checked/);

    // An unticked checkbox is simply absent from the form.
    const offAgain = await session.agent.post('/compte/notifications').type('form').send({ _csrf: session.csrf }).expect(303);
    expect(offAgain.headers.location).toBe('/compte?info=notifications-desactivees');
    expect(await stored()).toBe(false);

    const bad = await session.agent.post('/compte/notifications').type('form').send({ _csrf: session.csrf, nonEssential: 'oui' }).expect(400);
    expect(bad.text).toContain('Case à cocher invalide.');
    expect(await stored()).toBe(false);
  });

  it('skips a non-essential e-mail to a user who turned them off, and still sends the essential ones', async () => {
    await put({ nonEssential: false }).expect(200);
    const queue = (template: 'need-stale-warning' | 'password-reset', refs = {}) =>
      t.app.get(TransactionRunner).run((manager) => t.app.get(EmailOutboxService).queue(manager, template, user.id, refs));
    const reminder = await queue('need-stale-warning', { needId: '00000000-0000-4000-8000-000000000000' });
    const reset = await queue('password-reset');
    const statusOf = async (id: string) => (await t.dataSource.query(`SELECT status, last_error FROM email_deliveries WHERE outbox_id = $1`, [id]))[0];
    await waitFor('both e-mails settled', async () => (await statusOf(reminder))?.status === 'skipped' && (await statusOf(reset))?.status === 'sent');
    expect((await statusOf(reminder)).last_error).toBe('Le destinataire a désactivé les e-mails non essentiels.');
    const received = t.mail.messages.filter((m) => m.to.includes(user.email));
    expect(received.map((m) => m.subject)).toEqual(['Réinitialisation de votre mot de passe']);
  });
});
