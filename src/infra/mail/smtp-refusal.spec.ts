import { classifySmtpRefusal, SmtpRefusal } from './smtp-refusal';

describe('classifySmtpRefusal', () => {
  it.each([
    [undefined, 'CONN', undefined, SmtpRefusal.Temporary],
    [421, 'CONN', '421 Service not available', SmtpRefusal.Temporary],
    [451, 'DATA', '451 Try again later', SmtpRefusal.Temporary],
    [452, 'RCPT TO', '452 Mailbox full, try later', SmtpRefusal.Temporary],
    [550, 'DATA', '550 No such user', SmtpRefusal.BadRecipient],
    [550, 'RCPT TO', '550 5.1.1 <x@example.org>: Recipient address rejected', SmtpRefusal.BadRecipient],
    [551, 'RCPT TO', '551 User not local', SmtpRefusal.BadRecipient],
    [553, 'RCPT TO', '553 Mailbox name not allowed', SmtpRefusal.BadRecipient],
    [552, 'RCPT TO', '552 Mailbox over quota', SmtpRefusal.BadRecipient],
    [554, 'DATA', '554 5.2.1 Mailbox disabled', SmtpRefusal.BadRecipient],
    [550, 'DATA', '550 5.7.1 Message rejected as spam', SmtpRefusal.MessageRefused],
    [552, 'DATA', '552 Message exceeds the size limit', SmtpRefusal.MessageRefused],
    [554, 'DATA', '554 Transaction failed', SmtpRefusal.MessageRefused],
    [554, 'RCPT TO', '554 5.7.1 Relay access denied', SmtpRefusal.MessageRefused],
    [550, 'MAIL FROM', '550 Sender rejected', SmtpRefusal.ServerRefused],
    [535, 'AUTH PLAIN', '535 Authentication failed', SmtpRefusal.ServerRefused],
    [554, 'CONN', '554 No SMTP service here', SmtpRefusal.ServerRefused],
    [500, 'DATA', '500 Syntax error', SmtpRefusal.ServerRefused],
  ])('%s at %s (%s) is %s', (code, command, response, expected) => {
    expect(classifySmtpRefusal(code, command, response)).toBe(expected);
  });
});
