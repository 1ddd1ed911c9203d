import { EmailTemplate } from './email-templates';

/**
 * Notifications a user may turn off on « Mon compte » (reminders and the like), each with how the account page
 * describes it. Every other template is essential (account security, organisation review, decisions that concern
 * the user) and is sent whatever the user chose.
 */
export const NON_ESSENTIAL_EMAILS: { readonly [T in EmailTemplate]?: string } = {
  'need-stale-warning': 'les rappels avant la dépublication d’un besoin de recrutement resté sans mise à jour',
  'introduction-reminder': 'les rappels des demandes et propositions de mise en relation restées sans réponse',
  'introduction-outcome-due': 'les rappels d’enregistrer la suite d’une rencontre passée',
  'sponsorship-checkin-due': 'les rappels des points de suivi de vos parrainages',
};

export function isNonEssential(template: EmailTemplate): boolean {
  return Object.hasOwn(NON_ESSENTIAL_EMAILS, template);
}

/** The descriptions of the non-essential e-mails, for the account page. */
export function nonEssentialDescriptions(): string[] {
  return Object.values(NON_ESSENTIAL_EMAILS).filter((d): d is string => typeof d === 'string');
}
