/**
 * E-mails of recruitment sessions (issue 7), with the props their templates receive. The schedule e-mail goes to
 * the members of each participating organisation and lists its interviews: times, rooms, candidate codes and the
 * occupations they aim at (the employer view), never anything internal.
 */
export interface RecruitmentSessionEmailProps {
  /**
   * `scheduleText`: one line per interview (« 9 h 00 – 9 h 30 · Salle A · PSG-7K3Q : Maçon »), read at send time.
   * `replacesEarlier`: an earlier schedule was sent and this one replaces it.
   */
  'recruitment-session-schedule': {
    displayName: string;
    organisationName: string;
    sessionTitle: string;
    establishmentName: string;
    dateText: string;
    partnerName: string;
    interviewCount: number;
    scheduleText: string;
    scheduleUrl: string;
    replacesEarlier: boolean;
  };
}

export const RECRUITMENT_SESSION_EMAIL_SUBJECTS: { [T in keyof RecruitmentSessionEmailProps]: (props: RecruitmentSessionEmailProps[T]) => string } = {
  'recruitment-session-schedule': (p) => (p.replacesEarlier ? `Planning mis à jour : ${p.sessionTitle}` : `Votre planning d’entretiens : ${p.sessionTitle}`),
};
