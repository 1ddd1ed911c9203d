/** What a failed SMTP send means for the message and for its recipient's address. */
export enum SmtpRefusal {
  /** A 4xx answer, or none at all (connection refused, timeout, dropped): worth trying again later. */
  Temporary = 'temporary',
  /** A 5xx about the recipient's mailbox (unknown user, address rejected): bounced, and the address is suppressed. */
  BadRecipient = 'bad_recipient',
  /** A 5xx about this message (size, content, policy): bounced, but the address itself is not in question. */
  MessageRefused = 'message_refused',
  /**
   * A 5xx before any recipient was named (greeting, authentication, sender) or a protocol error: the relay's
   * set-up is wrong. Retrying alone will not help and suppressing the address would be wrong, so staff decide.
   */
  ServerRefused = 'server_refused',
}

/** RFC 5321 replies that name the mailbox as the problem when no enhanced status code says otherwise. */
const MAILBOX_CODES = new Set([550, 551, 553]);
/** RFC 3463 enhanced status "5.x.y": subjects 1 (addressing) and 2 (mailbox) are about the recipient. */
const ENHANCED_STATUS = /^\d{3}[ -]5\.(\d{1,3})\.\d{1,3}\b/;

/**
 * Classifies a failed send from the reply code, the command it answered (as nodemailer names them: "RCPT TO",
 * "DATA", "MAIL FROM", "CONN", "AUTH PLAIN"…) and the reply text. Only a refusal at RCPT TO or DATA can be
 * about the address: a relay answering every MAIL FROM with 5xx (a bad password, a blocked sender) must not
 * end up suppressing every user's address one by one.
 */
export function classifySmtpRefusal(code: number | undefined, command: string | undefined, response: string | undefined): SmtpRefusal {
  if (code === undefined || code < 500) return SmtpRefusal.Temporary;
  if (command !== 'RCPT TO' && command !== 'DATA') return SmtpRefusal.ServerRefused;
  // 500–504: syntax and sequence errors, i.e. a client/server disagreement, not a judgement on the message.
  if (code <= 504) return SmtpRefusal.ServerRefused;
  const enhanced = ENHANCED_STATUS.exec(response ?? '');
  if (enhanced) return enhanced[1] === '1' || enhanced[1] === '2' ? SmtpRefusal.BadRecipient : SmtpRefusal.MessageRefused;
  if (MAILBOX_CODES.has(code)) return SmtpRefusal.BadRecipient;
  // 552 at RCPT TO is the mailbox's quota; after DATA it is the message's size.
  if (code === 552 && command === 'RCPT TO') return SmtpRefusal.BadRecipient;
  return SmtpRefusal.MessageRefused;
}
