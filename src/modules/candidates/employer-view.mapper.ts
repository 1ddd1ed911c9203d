import { ApiProperty } from '@nestjs/swagger';
import { AgeBand, Licence, SENTENCE_ADJUSTMENT_LABELS, SentenceAdjustment, TrainingStatus } from './candidate-profile';
import { NEED_SOLUTION_LABELS, NeedSolution } from '../employer-needs/employer-need';
import type { EmployerProfileSourceRow } from './candidate-profiles.repository';

const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  [TrainingStatus.Obtained]: 'Obtenu',
  [TrainingStatus.InProgress]: 'En cours',
};

export class EmployerOccupationDto {
  @ApiProperty({ example: 'F1606' }) romeCode!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'Rang de préférence, 1 = métier le plus recherché' }) rank!: number;
}

export class EmployerDepartmentDto {
  @ApiProperty({ example: '86' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class EmployerBasinDto {
  @ApiProperty({ example: '7513' }) code!: string;
  @ApiProperty({ example: 'POITIERS' }) name!: string;
  @ApiProperty({ type: [EmployerDepartmentDto] }) departments!: EmployerDepartmentDto[];
}

export class EmployerTrainingDto {
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Niveau du cadre national des certifications (3 = CAP … 8 = doctorat)' }) level!: number | null;
  @ApiProperty({ enum: TrainingStatus }) status!: TrainingStatus;
  @ApiProperty() statusLabel!: string;
}

export class EmployerMobilityDto {
  @ApiProperty({ type: [String] }) licences!: Licence[];
  @ApiProperty({ nullable: true, type: Boolean }) hasVehicle!: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) maxCommuteMinutes!: number | null;
}

export class EmployerAdjustmentKindDto {
  @ApiProperty({ enum: SentenceAdjustment }) code!: SentenceAdjustment;
  @ApiProperty() label!: string;
}

export class EmployerSolutionDto {
  @ApiProperty({ enum: NeedSolution }) code!: NeedSolution;
  @ApiProperty() label!: string;
}

export class EmployerSentenceAdjustmentDto {
  @ApiProperty({ description: 'Aménagement de peine envisageable' }) possible!: boolean;
  @ApiProperty({ type: [EmployerAdjustmentKindDto] }) kinds!: EmployerAdjustmentKindDto[];
  @ApiProperty({ nullable: true, type: Boolean, description: 'Permissions de sortir possibles (entretien, immersion)' }) exitPermits!: boolean | null;
}

/** The only shape of a candidate profile an employer ever sees (DESIGN.md §2): built by `toEmployerView` alone. */
export class EmployerProfileDto {
  @ApiProperty({ example: 'PSG-7K3Q' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) project!: string | null;
  @ApiProperty({ type: [EmployerOccupationDto] }) targetOccupations!: EmployerOccupationDto[];
  @ApiProperty({ type: [EmployerBasinDto] }) targetBasins!: EmployerBasinDto[];
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ type: [EmployerTrainingDto] }) trainings!: EmployerTrainingDto[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: EmployerMobilityDto }) mobility!: EmployerMobilityDto;
  @ApiProperty({ nullable: true, type: String, example: '26-35' }) ageBand!: AgeBand | null;
  @ApiProperty({ example: '2027-S1 / 2027-S2', description: 'Semestre(s) de sortie prévue, jamais la date exacte' }) releaseSemester!: string;
  @ApiProperty({ type: EmployerSentenceAdjustmentDto }) sentenceAdjustment!: EmployerSentenceAdjustmentDto;
  @ApiProperty({ type: [EmployerSolutionDto], description: 'Ce que la personne recherche' }) soughtSolutions!: EmployerSolutionDto[];
  @ApiProperty({ nullable: true, type: String }) availability!: string | null;
}

/** Every key of `EmployerProfileDto`, in order: the allow-list the tests hold the mapper to. */
export const EMPLOYER_PROFILE_KEYS = [
  'code',
  'project',
  'targetOccupations',
  'targetBasins',
  'skills',
  'trainings',
  'languages',
  'mobility',
  'ageBand',
  'releaseSemester',
  'sentenceAdjustment',
  'soughtSolutions',
  'availability',
] as const satisfies readonly (keyof EmployerProfileDto)[];

const semesterOf = (isoDate: string): string => {
  const [year, month] = isoDate.split('-').map(Number);
  return `${year}-S${month <= 6 ? 1 : 2}`;
};

const semesterIndex = (isoDate: string): number => {
  const [year, month] = isoDate.split('-').map(Number);
  return year * 2 + (month <= 6 ? 0 : 1);
};

/**
 * The release window generalised to semesters: "2027-S1" when it fits in one, "2027-S1 / 2027-S2" across two,
 * "2027-S1 à 2028-S1" beyond. An exact date would single a person out among the few leaving one prison.
 */
export function releaseSemesterOf(releaseFrom: string, releaseUntil: string | null): string {
  const first = semesterOf(releaseFrom);
  if (!releaseUntil) return first;
  const last = semesterOf(releaseUntil);
  const span = semesterIndex(releaseUntil) - semesterIndex(releaseFrom);
  if (span <= 0) return first;
  return span === 1 ? `${first} / ${last}` : `${first} à ${last}`;
}

/**
 * Builds the employer view from a published profile row. Every field is picked by name, so anything added
 * to the row (establishment, owner, consents, constraints, exact dates, PII override…) stays internal
 * unless someone adds it here on purpose. Left out on purpose:
 * - experiences: DESIGN.md §2 does not list them (sector and duration could point to a past employer);
 * - `inDetention` of trainings: a certification obtained in detention is the same diploma, which does not
 *   mention where it was earned; saying so would stigmatise, and the trainings offered differ from one
 *   prison to another, so it would hint at the (internal) establishment.
 */
export function toEmployerView(row: EmployerProfileSourceRow): EmployerProfileDto {
  if (!row.releaseFrom) throw new Error(`profile ${row.id} has no release window: it cannot be shown to employers`);
  const occupationLabels = new Map(row.occupations.map((o) => [o.code, o.label]));
  const basins = new Map(row.basins.map((b) => [b.code, b]));
  return {
    code: row.code,
    project: row.project,
    targetOccupations: row.targetRomeCodes.map((romeCode, i) => ({ romeCode, label: occupationLabels.get(romeCode) ?? romeCode, rank: i + 1 })),
    targetBasins: row.targetBasinCodes.map((code) => {
      const basin = basins.get(code);
      return { code, name: basin?.name ?? code, departments: (basin?.departments ?? []).map((d) => ({ code: d.code, name: d.name })) };
    }),
    skills: [...row.skills],
    trainings: row.trainings.map((t) => ({ title: t.title, level: t.level ?? null, status: t.status, statusLabel: TRAINING_STATUS_LABELS[t.status] })),
    languages: [...row.languages],
    mobility: { licences: [...row.mobility.licences], hasVehicle: row.mobility.hasVehicle ?? null, maxCommuteMinutes: row.mobility.maxCommuteMinutes ?? null },
    ageBand: row.ageBand,
    releaseSemester: releaseSemesterOf(row.releaseFrom, row.releaseUntil),
    sentenceAdjustment: {
      possible: row.adjustments.length > 0,
      kinds: row.adjustments.map((code) => ({ code, label: SENTENCE_ADJUSTMENT_LABELS[code] })),
      exitPermits: row.exitPermits,
    },
    soughtSolutions: row.soughtSolutions.map((code) => ({ code, label: NEED_SOLUTION_LABELS[code] })),
    availability: row.availability,
  };
}
