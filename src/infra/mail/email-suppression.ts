/** Why an address is on the suppression list (table `email_suppressions`). */
export enum SuppressionReason {
  /** The SMTP server refused the recipient for good (unknown mailbox, address rejected). */
  BadRecipient = 'bad_recipient',
}

export const SUPPRESSION_REASON_LABELS: Record<SuppressionReason, string> = {
  [SuppressionReason.BadRecipient]: 'Adresse refusée définitivement par le serveur de messagerie',
};
