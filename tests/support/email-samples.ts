import { EmailProps, EmailTemplate } from '../../src/infra/mail/email-templates';
import { AWARENESS_DAY_EMAIL_SAMPLES } from './email-samples-awareness-days';
import { RECRUITMENT_SESSION_EMAIL_SAMPLES } from './email-samples-recruitment-sessions';

/** Distinctive values, so that finding one in the output proves the template used that prop. */
const EMPLOYER_URL = 'https://passerelle.test/organisation/mises-en-relation/4a3c1d5e?source=mail';
const PARTNER_URL = 'https://passerelle.test/conseil/mises-en-relation/4a3c1d5e?source=mail';

export const EMAIL_SAMPLES: { [T in EmailTemplate]: EmailProps[T] } = {
  'verify-email': {
    displayName: 'Camille Durand',
    verifyUrl: 'https://passerelle.test/verifier-email?token=abc123&source=mail',
    expiresInHours: 48,
  },
  'password-reset': {
    displayName: 'Camille Durand',
    resetUrl: 'https://passerelle.test/mot-de-passe/nouveau?token=def456&source=mail',
    expiresInMinutes: 45,
  },
  'organisation-submitted': {
    displayName: 'Sacha Coordinatrice',
    organisationName: 'Boulangerie Lefèvre & Fils',
    organisationKind: 'Entreprise (TPE)',
    reviewUrl: 'https://passerelle.test/admin/organisations/42?onglet=validation',
  },
  'organisation-approved': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Menuiserie “Le Copeau”',
    loginUrl: 'https://passerelle.test/connexion?email=contact%40copeau.test',
  },
  'organisation-refused': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Transports O’Neil & Cie',
    reason: 'Le numéro SIRET indiqué ne correspond à aucune entreprise active.',
  },
  'organisation-suspended': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Transports O’Neil & Cie',
    reason: 'Trois rendez-vous « mise en relation » non honorés & sans nouvelles depuis mars.',
    partner: false,
  },
  'organisation-reinstated': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Menuiserie “Le Copeau”',
    loginUrl: 'https://passerelle.test/connexion?retour=suspension&email=contact%40copeau.test',
  },
  'need-stale-warning': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Menuiserie “Le Copeau”',
    needTitle: 'Peintre en bâtiment – Poitiers',
    lastUpdatedOn: '12 janvier 2026',
    unpublishOn: '13 mars 2026',
    needUrl: 'https://passerelle.test/organisation/besoins/4a3c1d5e?source=mail',
  },
  'need-unpublished': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Transports O’Neil & Cie',
    needTitle: 'Chauffeur-livreur – Châtellerault',
    lastUpdatedOn: '2 février 2026',
    staleDays: 61,
    needUrl: 'https://passerelle.test/organisation/besoins/9f1b4c2d?source=mail',
  },
  'organisation-invitation': {
    displayName: 'Noé Invité',
    inviterName: 'Dominique L’Hôte',
    organisationName: 'Menuiserie “Le Copeau” & Fils',
    invitationUrl: 'https://passerelle.test/invitation?jeton=ghi789&source=mail',
    expiresInDays: 9,
  },
  'introduction-requested': {
    displayName: 'Sacha Conseillère',
    organisationName: 'Menuiserie “Le Copeau” & Fils',
    profileCode: 'PSG-7K3Q',
    solutionLabel: 'Immersion (PMSMP)',
    needTitle: 'Peintre en bâtiment – Poitiers',
    closesOn: '15 mars 2026',
    introductionUrl: PARTNER_URL,
  },
  'introduction-proposed': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Transports O’Neil & Cie',
    profileCode: 'PSG-9ZXW',
    occupations: 'Peintre en bâtiment, Carreleur',
    solutionLabel: 'Emploi',
    needTitle: 'aucun besoin publié en particulier',
    closesOn: '16 mars 2026',
    introductionUrl: EMPLOYER_URL,
  },
  'introduction-accepted': { displayName: 'Dominique L’Hôte', organisationName: 'Transports O’Neil & Cie', profileCode: 'PSG-4MNP', solutionLabel: 'Apprentissage', introductionUrl: EMPLOYER_URL },
  'introduction-declined': {
    displayName: 'Dominique L’Hôte',
    organisationName: 'Transports O’Neil & Cie',
    profileCode: 'PSG-4MNP',
    reasonLabel: 'La personne a déjà une autre solution',
    introductionUrl: EMPLOYER_URL,
    forEmployer: true,
  },
  'introduction-introduced': {
    displayName: 'Dominique L’Hôte',
    profileCode: 'PSG-4MNP',
    solutionLabel: 'Emploi',
    contactName: 'Sacha Conseillère',
    contactEmail: 'sacha.conseil@spip86.example',
    contactOrganisationName: 'SPIP de la Vienne',
    introductionUrl: EMPLOYER_URL,
    forEmployer: true,
  },
  'introduction-reminder': {
    displayName: 'Sacha Conseillère',
    organisationName: 'Menuiserie “Le Copeau” & Fils',
    profileCode: 'PSG-7K3Q',
    waitingSince: '1 mars 2026',
    closesOn: '15 mars 2026',
    introductionUrl: PARTNER_URL,
    forEmployer: false,
  },
  'introduction-closed': {
    displayName: 'Sacha Conseillère',
    organisationName: 'Menuiserie “Le Copeau” & Fils',
    profileCode: 'PSG-7K3Q',
    waitingSince: '1 mars 2026',
    introductionUrl: PARTNER_URL,
    withdrawn: false,
    forEmployer: false,
  },
  'introduction-outcome-due': {
    displayName: 'Sacha Conseillère',
    organisationName: 'Transports O’Neil & Cie',
    profileCode: 'PSG-4MNP',
    meetingOn: '12 mars 2026',
    introductionUrl: PARTNER_URL,
  },
  'sponsorship-checkin-due': {
    displayName: 'Dominique L’Hôte',
    profileCode: 'PSG-7K3Q',
    milestoneLabel: 'point à 1 mois',
    dueOn: '1 avril 2026',
    startedOn: '1 mars 2026',
    sponsorshipUrl: 'https://passerelle.test/organisation/parrainages/4a3c1d5e?source=mail',
  },
  ...AWARENESS_DAY_EMAIL_SAMPLES,
  ...RECRUITMENT_SESSION_EMAIL_SAMPLES,
};
