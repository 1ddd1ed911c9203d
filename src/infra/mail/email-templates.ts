import { AWARENESS_DAY_EMAIL_SUBJECTS, AwarenessDayEmailProps } from './awareness-day-emails';
import { RECRUITMENT_SESSION_EMAIL_SUBJECTS, RecruitmentSessionEmailProps } from './recruitment-session-emails';

/** Every e-mail Passerelle sends, with the props its templates receive (events' e-mails are declared in their own files). */
export interface EmailProps extends AwarenessDayEmailProps, RecruitmentSessionEmailProps {
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
  /**
   * Introductions (issue 6). The candidate is named by the pseudonymous code only (and, when the employer is
   * told of a proposal, the target occupations of the employer view). `organisationName` is always the employer
   * organisation's; `forEmployer` chooses the wording for the employer side or the counsellor side.
   */
  'introduction-requested': { displayName: string; organisationName: string; profileCode: string; solutionLabel: string; needTitle: string; closesOn: string; introductionUrl: string };
  'introduction-proposed': { displayName: string; organisationName: string; profileCode: string; occupations: string; solutionLabel: string; needTitle: string; closesOn: string; introductionUrl: string };
  'introduction-accepted': { displayName: string; organisationName: string; profileCode: string; solutionLabel: string; introductionUrl: string };
  'introduction-declined': { displayName: string; organisationName: string; profileCode: string; reasonLabel: string; introductionUrl: string; forEmployer: boolean };
  /** `contact*`: the other side's professional contact (the counsellor for the employer, the employer's member for the counsellor). */
  'introduction-introduced': {
    displayName: string;
    profileCode: string;
    solutionLabel: string;
    contactName: string;
    contactEmail: string;
    contactOrganisationName: string;
    introductionUrl: string;
    forEmployer: boolean;
  };
  'introduction-reminder': { displayName: string; organisationName: string; profileCode: string; waitingSince: string; closesOn: string; introductionUrl: string; forEmployer: boolean };
  /** `withdrawn`: its author withdrew it; otherwise nobody answered in time. */
  'introduction-closed': { displayName: string; organisationName: string; profileCode: string; waitingSince: string; introductionUrl: string; withdrawn: boolean; forEmployer: boolean };
  /** To the counsellor following the introduction when its planned meeting (`meetingOn`, a French day) is past and no outcome is recorded. */
  'introduction-outcome-due': { displayName: string; organisationName: string; profileCode: string; meetingOn: string; introductionUrl: string };
  /** To the sponsor when a check-in falls due (`milestoneLabel`: « point à 1 mois »). The candidate is named by the pseudonymous code only. */
  'sponsorship-checkin-due': { displayName: string; profileCode: string; milestoneLabel: string; dueOn: string; startedOn: string; sponsorshipUrl: string };
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
  'introduction-requested': (p) => `${p.organisationName} souhaite rencontrer le candidat ${p.profileCode}`,
  'introduction-proposed': (p) => `Un conseiller vous propose de rencontrer le candidat ${p.profileCode}`,
  'introduction-accepted': (p) => `Votre demande de rencontre avec ${p.profileCode} est acceptée`,
  'introduction-declined': (p) => (p.forEmployer ? `Votre demande de rencontre avec ${p.profileCode} n’a pas de suite` : `${p.organisationName} décline la proposition pour ${p.profileCode}`),
  'introduction-introduced': (p) => `Mise en relation faite pour ${p.profileCode} : les prochaines étapes`,
  'introduction-reminder': (p) => (p.forEmployer ? `Rappel : une proposition de rencontre avec ${p.profileCode} attend votre réponse` : `Rappel : la demande de ${p.organisationName} pour ${p.profileCode} attend votre réponse`),
  'introduction-closed': (p) => (p.withdrawn ? `Mise en relation retirée pour ${p.profileCode}` : `Mise en relation close sans réponse pour ${p.profileCode}`),
  'introduction-outcome-due': (p) => `Rencontre du ${p.meetingOn} pour ${p.profileCode} : quelle suite ?`,
  'sponsorship-checkin-due': (p) => `Parrainage ${p.profileCode} : ${p.milestoneLabel} à faire`,
  ...AWARENESS_DAY_EMAIL_SUBJECTS,
  ...RECRUITMENT_SESSION_EMAIL_SUBJECTS,
};

export const EMAIL_TEMPLATES = Object.keys(EMAIL_SUBJECTS) as EmailTemplate[];

export function isEmailTemplate(value: unknown): value is EmailTemplate {
  return typeof value === 'string' && (EMAIL_TEMPLATES as string[]).includes(value);
}
