/** Kinds of contract an employer need can offer. */
export enum ContractType {
  Cdi = 'cdi',
  Cdd = 'cdd',
  Interim = 'interim',
  Apprenticeship = 'apprenticeship',
  Professionalisation = 'professionalisation',
  TrainingPlace = 'training_place',
  Immersion = 'immersion',
}

export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  [ContractType.Cdi]: 'CDI',
  [ContractType.Cdd]: 'CDD',
  [ContractType.Interim]: 'Intérim',
  [ContractType.Apprenticeship]: 'Contrat d’apprentissage',
  [ContractType.Professionalisation]: 'Contrat de professionnalisation',
  [ContractType.TrainingPlace]: 'Place en formation',
  [ContractType.Immersion]: 'Immersion professionnelle (PMSMP)',
};

/** What an employer can give a candidate besides (or instead of) a contract. */
export enum NeedSolution {
  Job = 'job',
  Apprenticeship = 'apprenticeship',
  TrainingPlace = 'training_place',
  Immersion = 'immersion',
  Sponsorship = 'sponsorship',
  MockInterview = 'mock_interview',
  CompanyVisit = 'company_visit',
  Advice = 'advice',
  JobPromise = 'job_promise',
}

export const NEED_SOLUTION_LABELS: Record<NeedSolution, string> = {
  [NeedSolution.Job]: 'Emploi',
  [NeedSolution.Apprenticeship]: 'Apprentissage',
  [NeedSolution.TrainingPlace]: 'Place en formation',
  [NeedSolution.Immersion]: 'Immersion (PMSMP)',
  [NeedSolution.Sponsorship]: 'Parrainage',
  [NeedSolution.MockInterview]: 'Entretien blanc',
  [NeedSolution.CompanyVisit]: 'Visite d’entreprise',
  [NeedSolution.Advice]: 'Conseils',
  [NeedSolution.JobPromise]: 'Promesse d’embauche écrite',
};

export enum EmployerNeedStatus {
  Draft = 'draft',
  Published = 'published',
  Closed = 'closed',
}

export const EMPLOYER_NEED_STATUS_LABELS: Record<EmployerNeedStatus, string> = {
  [EmployerNeedStatus.Draft]: 'Brouillon',
  [EmployerNeedStatus.Published]: 'Publié',
  [EmployerNeedStatus.Closed]: 'Clôturé',
};

export const MIN_POSITIONS = 1;
export const MAX_POSITIONS = 100;
export const MAX_REQUIREMENTS_LENGTH = 2000;
/** How far ahead a start window may open: further than this is a typo or a need too early to match. */
export const MAX_START_YEARS_AHEAD = 2;
