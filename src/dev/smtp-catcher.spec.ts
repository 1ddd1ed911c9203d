import { createTransport } from 'nodemailer';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

describe('startSmtpCatcher', () => {
  let catcher: SmtpCatcher;

  beforeEach(async () => {
    catcher = await startSmtpCatcher();
  });

  afterEach(async () => {
    await catcher.stop();
  });

  function transport() {
    // The catcher offers no STARTTLS; make sure nodemailer does not insist on it.
    return createTransport({ url: catcher.url, ignoreTLS: true });
  }

  it('listens on a loopback port', () => {
    expect(catcher.host).toBe('127.0.0.1');
    expect(catcher.port).toBeGreaterThan(0);
    expect(catcher.url).toBe(`smtp://127.0.0.1:${catcher.port}`);
  });

  it('captures subject, text, html, recipients and message id of a real SMTP delivery', async () => {
    const info = await transport().sendMail({
      from: 'Passerelle <no-reply@passerelle.test>',
      to: 'employer@example.test',
      bcc: 'audit@example.test',
      subject: 'Entretien confirmé',
      text: 'Bonjour, votre entretien est confirmé.',
      html: '<p>Bonjour, votre entretien est <b>confirmé</b>.</p>',
    });

    const mail = await catcher.waitFor((m) => m.subject === 'Entretien confirmé');
    expect(mail.messageId).toBe(info.messageId);
    expect(mail.from).toBe('"Passerelle" <no-reply@passerelle.test>');
    expect(mail.to).toEqual(['employer@example.test', 'audit@example.test']);
    expect(mail.text.trim()).toBe('Bonjour, votre entretien est confirmé.');
    expect(mail.html).toContain('<b>confirmé</b>');
    expect(new Date(mail.receivedAt).toISOString()).toBe(mail.receivedAt);
    expect(catcher.messages).toEqual([mail]);
  });

  it('resolves waitFor with a mail that arrives after the call', async () => {
    const waiting = catcher.waitFor((m) => m.to.includes('late@example.test'), 5_000);
    await transport().sendMail({ from: 'a@example.test', to: 'late@example.test', subject: 'Later', text: 'x' });
    await expect(waiting).resolves.toMatchObject({ subject: 'Later', html: null });
  });

  it('calls onMessage for every accepted mail and answers 451 when it fails', async () => {
    await catcher.stop();
    const seen: string[] = [];
    let failing = false;
    catcher = await startSmtpCatcher({
      onMessage: (mail) => {
        if (failing) {
          throw new Error('redis down');
        }
        seen.push(mail.subject);
      },
    });

    await transport().sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'First', text: 'x' });
    failing = true;
    await expect(
      transport().sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'Second', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 451 });

    expect(seen).toEqual(['First']);
    expect(catcher.messages.map((m) => m.subject)).toEqual(['First']);
  });

  it('simulates temporary and permanent failures with respondWith', async () => {
    catcher.respondWith((envelope) =>
      envelope.to.includes('full@example.test') ? { code: 452, message: 'Mailbox full, try later' } : null,
    );
    await expect(
      transport().sendMail({ from: 'a@example.test', to: 'full@example.test', subject: 'Refused', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 452 });

    catcher.respondWith(() => ({ code: 550, message: 'No such user' }));
    await expect(
      transport().sendMail({ from: 'a@example.test', to: 'ghost@example.test', subject: 'Unknown', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(catcher.messages).toEqual([]);

    catcher.respondWith(null);
    await transport().sendMail({ from: 'a@example.test', to: 'full@example.test', subject: 'Accepted', text: 'x' });
    expect(catcher.messages.map((m) => m.subject)).toEqual(['Accepted']);
  });

  it('refuses messages over 10 MB with 552', async () => {
    const text = 'x'.repeat(10 * 1024 * 1024 + 1);
    await expect(
      transport().sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'Huge', text }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(catcher.messages).toEqual([]);
  });

  it('rejects waitFor after the timeout with a descriptive message', async () => {
    await transport().sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'Unrelated', text: 'x' });
    await expect(catcher.waitFor((m) => m.subject === 'Never sent', 200)).rejects.toThrow(
      /No mail matching the predicate reached the SMTP catcher within 200 ms \(1 received: "Unrelated"/,
    );
  });

  it('rejects pending waiters and stays idempotent when stopped', async () => {
    const waiting = catcher.waitFor(() => false, 5_000);
    await Promise.all([catcher.stop(), catcher.stop()]);
    await expect(waiting).rejects.toThrow('SMTP catcher stopped before a matching mail arrived');
    await expect(transport().verify()).rejects.toThrow(/ECONNREFUSED/);
  });
});
