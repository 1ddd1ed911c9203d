/** Input of the interview scheduler: one recruitment session day. */
export interface ScheduleInstance {
  /** Number of interview rounds (slots) in the day: round r runs from dayStart + r*(slot+break). Rounds are 0..rounds-1. */
  rounds: number;
  /** Room ids; a room hosts at most one interview per round. */
  rooms: string[];
  candidates: { id: string }[];
  /**
   * A binôme = two organisations. `organisationIds` lets the checker see an organisation double-booked if it were
   * (by error) in two binômes. `availableRounds`: the rounds both organisations are available (already intersected
   * by the caller).
   */
  binomes: { id: string; organisationIds: [string, string]; availableRounds: number[] }[];
  /** relevance[c][b] in [0, 1]: how relevant binôme b is for candidate c (index-aligned with candidates and binomes). */
  relevance: number[][];
  /** Interviews each candidate must have, with distinct binômes (default 3). */
  meetingsPerCandidate?: number;
  /** Optional: candidates unavailable in some rounds (e.g. coaching) — candidateId -> rounds unavailable. */
  candidateUnavailableRounds?: Record<string, number[]>;
}

export interface ScheduledInterview {
  candidateId: string;
  binomeId: string;
  round: number;
  roomId: string;
}

export type ScheduleViolationCode =
  | 'candidate_double_booked'
  | 'binome_double_booked'
  | 'organisation_double_booked'
  | 'room_double_booked'
  | 'binome_unavailable'
  | 'candidate_unavailable'
  | 'repeat_meeting'
  | 'too_few_meetings'
  | 'unknown_reference'
  | 'round_out_of_range';

export interface ScheduleViolation {
  code: ScheduleViolationCode;
  /** French, with the ids as given. */
  message: string;
  candidateId?: string;
  binomeId?: string;
  roomId?: string;
  round?: number;
  /** Set for organisation_double_booked. */
  organisationId?: string;
}

export type InfeasibilityCode =
  | 'not_enough_binomes'
  | 'not_enough_capacity'
  | 'not_enough_rounds'
  | 'not_enough_rooms'
  | 'availability_too_narrow';

export interface Infeasibility {
  code: InfeasibilityCode;
  /** French, explains why with figures. */
  message: string;
  candidateIds?: string[];
  /**
   * true when a counting argument proves that no schedule can be complete; false when the search found none
   * although no count proves it impossible (the message says so).
   */
  proven?: boolean;
}

export interface ScheduleResult {
  interviews: ScheduledInterview[];
  /** true when every candidate got meetingsPerCandidate distinct binômes. */
  complete: boolean;
  /** Why it could not be complete (empty when complete). */
  infeasibilities: Infeasibility[];
  /** Sum of relevance of the scheduled interviews. */
  relevance: number;
  /**
   * Upper bound of the relevance any schedule with as many interviews could reach (relaxation without the
   * one-interview-per-round rule of candidates); relevance / relevanceBound ≤ 1 tells how close the schedule is.
   */
  relevanceBound?: number;
}

export type OrganisationKind = 'company' | 'temp_agency' | 'training_body' | 'insertion_structure';

export interface BinomeCandidateOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** sector keys, e.g. ROME domain letters of its needs and/or NAF section */
  sectors: string[];
  /**
   * Optional: the rounds of the interview day the organisation attends. When both organisations of a pair give
   * them, the pair is weighted by the rounds their binôme keeps (it interviews only when both are there), and a pair
   * with no round in common is never suggested.
   */
  availableRounds?: number[];
}

export interface SuggestedBinome {
  organisationIds: [string, string];
  score: number;
  /** French, e.g. « Entreprise et agence d’intérim », « Secteurs différents : F et N ». */
  reasons: string[];
  /** true for a pair the coordinator fixed by hand. */
  locked?: boolean;
}

export interface BinomeSuggestion {
  binomes: SuggestedBinome[];
  /**
   * organisations left without a partner, with a French reason: one when the count is odd; also those with no
   * round in common with any organisation left free (a binôme of theirs could never interview).
   */
  unpaired: { organisationId: string; reason: string }[];
}
