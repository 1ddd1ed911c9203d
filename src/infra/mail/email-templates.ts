/** Every e-mail Passerelle sends, with the props its templates receive. */
export interface EmailProps {
  'verify-email': { displayName: string; verifyUrl: string; expiresInHours: number };
  'password-reset': { displayName: string; resetUrl: string; expiresInMinutes: number };
  'organisation-submitted': { displayName: string; organisationName: string; organisationKind: string; reviewUrl: string };
  'organisation-approved': { displayName: string; organisationName: string; loginUrl: string };
  'organisation-refused': { displayName: string; organisationName: string; reason: string };
  /** `partner`: a Mission Locale, SPIP, prison or France Travail agency, whose staff write profiles rather than read them. */
  'organisation-suspended': { displayName: string; organisationName: string; reason: string; partner: boolean };
  'organisation-reinstated': { displayName: string; organisationName: string; loginUrl: string };
  'need-stale-warning': { displayName: string; organisationName: string; needTitle: string; lastUpdatedOn: string; unpublishOn: string; needUrl: string };
  'need-unpublished': { displayName: string; organisationName: string; needTitle: string; lastUpdatedOn: string; staleDays: number; needUrl: string };
  /** `inviterName`: the owner who sent the invitation, as shown to the organisation's members. */
  'organisation-invitation': { displayName: string; inviterName: string; organisationName: string; invitationUrl: string; expiresInDays: number };
}

export type EmailTemplate = keyof EmailProps;

export const EMAIL_SUBJECTS: { [T in EmailTemplate]: (props: EmailProps[T]) => string } = {
  'verify-email': () => 'Confirmez votre adresse e-mail',
  'password-reset': () => 'Réinitialisation de votre mot de passe',
  'organisation-submitted': (p) => `Nouvelle organisation à valider : ${p.organisationName}`,
  'organisation-approved': (p) => `${p.organisationName} est validée sur Passerelle`,
  'organisation-refused': (p) => `Votre demande pour ${p.organisationName} n’a pas été acceptée`,
  'organisation-suspended': (p) => `${p.organisationName} est suspendue sur Passerelle`,
  'organisation-reinstated': (p) => `${p.organisationName} est de nouveau active sur Passerelle`,
  'need-stale-warning': (p) => `Sans mise à jour, votre besoin « ${p.needTitle} » sera dépublié à partir du ${p.unpublishOn}`,
  'need-unpublished': (p) => `Votre besoin « ${p.needTitle} » a été dépublié faute de mise à jour`,
  'organisation-invitation': (p) => `${p.inviterName} vous invite à rejoindre ${p.organisationName} sur Passerelle`,
};

export const EMAIL_TEMPLATES = Object.keys(EMAIL_SUBJECTS) as EmailTemplate[];

export function isEmailTemplate(value: unknown): value is EmailTemplate {
  return typeof value === 'string' && (EMAIL_TEMPLATES as string[]).includes(value);
}
