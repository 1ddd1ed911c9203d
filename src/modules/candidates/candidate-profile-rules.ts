import { randomInt } from 'node:crypto';
import type { FieldError } from '../../common/http/problem';
import { checkFreeText, PiiKind } from '../privacy/pii-guard';
import { CandidateProfileStatus, Experience, Training } from './candidate-profile';

/** Digits and capitals without the look-alikes (0/O, 1/I/L) that make a code hard to read out on the phone. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 4;

/** A fresh pseudonymous code such as `PSG-7K3Q`; it says nothing about the person. */
export function generateProfileCode(): string {
  let suffix = '';
  for (let i = 0; i < CODE_LENGTH; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `PSG-${suffix}`;
}

const frenchDate = (date: string) => date.split('-').reverse().join('/');

/** Errors of a release window: an end needs a start, and does not precede it. */
export function releaseWindowErrors(releaseFrom: string | null, releaseUntil: string | null): FieldError[] {
  if (releaseUntil !== null && releaseFrom === null) {
    return [{ field: 'releaseFrom', message: 'Indiquez le début de la période de sortie avant sa fin.' }];
  }
  if (releaseFrom !== null && releaseUntil !== null && releaseUntil < releaseFrom) {
    return [{ field: 'releaseUntil', message: `La fin de la période de sortie (${frenchDate(releaseUntil)}) précède son début (${frenchDate(releaseFrom)}).` }];
  }
  return [];
}

/** What a profile lacks to be visible to employers: a target occupation, a target basin and a release window. */
export function publishBlockers(profile: { targetRomeCodes: readonly string[]; targetBasinCodes: readonly string[]; releaseFrom: string | null; releaseUntil: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (profile.targetRomeCodes.length === 0) errors.push({ field: 'targetRomeCodes', message: 'Indiquez au moins un métier visé (code ROME) avant de publier.' });
  if (profile.targetBasinCodes.length === 0) errors.push({ field: 'targetBasinCodes', message: 'Indiquez au moins un bassin d’emploi visé avant de publier.' });
  if (profile.releaseFrom === null) errors.push({ field: 'releaseFrom', message: 'Indiquez le début de la période de sortie avant de publier.' });
  if (profile.releaseUntil === null) errors.push({ field: 'releaseUntil', message: 'Indiquez la fin de la période de sortie avant de publier.' });
  return errors;
}

export type ProfileAction = 'publish' | 'pause' | 'resume' | 'placed' | 'archive';

const { Draft, Published, Paused, Placed, Archived } = CandidateProfileStatus;

/** draft → published ↔ paused → placed / archived; a draft or a placed profile may be archived too. */
const TRANSITIONS: Record<ProfileAction, { from: readonly CandidateProfileStatus[]; to: CandidateProfileStatus }> = {
  publish: { from: [Draft], to: Published },
  pause: { from: [Published], to: Paused },
  resume: { from: [Paused], to: Published },
  placed: { from: [Published, Paused], to: Placed },
  archive: { from: [Draft, Published, Paused, Placed], to: Archived },
};

/** The status an action leads to from the current one, or null when the state machine forbids it. */
export function nextStatus(current: CandidateProfileStatus, action: ProfileAction): CandidateProfileStatus | null {
  return TRANSITIONS[action].from.includes(current) ? TRANSITIONS[action].to : null;
}

/** The free text of a profile that employers would read, as in the DTO. */
export interface ProfileFreeText {
  project: string | null;
  availability: string | null;
  skills: readonly string[];
  experiences: readonly Experience[];
  trainings: readonly Training[];
}

/** A PII finding located in one field of the profile, as the editor highlights it. */
export interface ProfilePiiFinding extends FieldError {
  kind: PiiKind;
  start: number;
  end: number;
  excerpt: string;
}

/** Runs the PII guard over every free-text field, naming each finding's field the way validation errors do (`skills.2`). */
export function profilePiiFindings(profile: ProfileFreeText, establishmentNames: readonly string[]): ProfilePiiFinding[] {
  const texts: [string, string | null][] = [
    ['project', profile.project],
    ['availability', profile.availability],
    ...profile.skills.map((skill, i): [string, string] => [`skills.${i}`, skill]),
    ...profile.experiences.map((experience, i): [string, string] => [`experiences.${i}.sector`, experience.sector]),
    ...profile.trainings.map((training, i): [string, string] => [`trainings.${i}.title`, training.title]),
  ];
  return texts.flatMap(([field, text]) =>
    text
      ? checkFreeText(text, { establishmentNames }).map((finding) => ({
          field,
          message: finding.reason,
          kind: finding.kind,
          start: finding.start,
          end: finding.end,
          excerpt: finding.excerpt,
        }))
      : [],
  );
}
