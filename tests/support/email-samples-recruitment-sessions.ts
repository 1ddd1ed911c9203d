import { RecruitmentSessionEmailProps } from '../../src/infra/mail/recruitment-session-emails';

/** Samples of the recruitment session e-mails, with distinctive values (see email-samples.ts). */
export const RECRUITMENT_SESSION_EMAIL_SAMPLES: { [T in keyof RecruitmentSessionEmailProps]: RecruitmentSessionEmailProps[T] } = {
  'recruitment-session-schedule': {
    displayName: 'Bérénice Recruteuse',
    organisationName: 'Charpentes du Clain',
    sessionTitle: '100 chances — Vivonne, printemps',
    establishmentName: 'Centre pénitentiaire de Poitiers-Vivonne',
    dateText: 'jeudi 14 mai 2026',
    partnerName: 'Intérim Poitou',
    interviewCount: 3,
    scheduleText: '9 h 00 – 9 h 30 · Salle A · PSG-7K3Q : Maçon\n9 h 40 – 10 h 10 · Salle B · PSG-M4NP : Peintre en bâtiment',
    scheduleUrl: 'https://passerelle.test/organisation/sessions/5b2e?source=mail',
    replacesEarlier: true,
  },
};
