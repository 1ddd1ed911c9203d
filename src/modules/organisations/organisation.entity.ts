import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum OrganisationKind {
  Company = 'company',
  TempAgency = 'temp_agency',
  TrainingBody = 'training_body',
  InsertionStructure = 'insertion_structure',
  MissionLocale = 'mission_locale',
  Spip = 'spip',
  Prison = 'prison',
  FranceTravail = 'france_travail',
}

export const EMPLOYER_KINDS: readonly OrganisationKind[] = [
  OrganisationKind.Company,
  OrganisationKind.TempAgency,
  OrganisationKind.TrainingBody,
  OrganisationKind.InsertionStructure,
];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  [OrganisationKind.Company]: 'Entreprise',
  [OrganisationKind.TempAgency]: 'Agence d’intérim',
  [OrganisationKind.TrainingBody]: 'Organisme de formation / CFA',
  [OrganisationKind.InsertionStructure]: 'Structure d’insertion (SIAE, chantier d’insertion)',
  [OrganisationKind.MissionLocale]: 'Mission Locale',
  [OrganisationKind.Spip]: 'SPIP',
  [OrganisationKind.Prison]: 'Établissement pénitentiaire',
  [OrganisationKind.FranceTravail]: 'Agence France Travail',
};

export enum OrganisationStatus {
  Pending = 'pending',
  Active = 'active',
  Refused = 'refused',
  Suspended = 'suspended',
}

export const ORGANISATION_STATUS_LABELS: Record<OrganisationStatus, string> = {
  [OrganisationStatus.Pending]: 'En attente de validation',
  [OrganisationStatus.Active]: 'Active',
  [OrganisationStatus.Refused]: 'Refusée',
  [OrganisationStatus.Suspended]: 'Suspendue',
};

@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 160 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: OrganisationKind;

  @Column({ type: 'varchar', length: 16 })
  status!: OrganisationStatus;

  @Column({ type: 'char', length: 14, nullable: true })
  siret!: string | null;

  @Column({ name: 'naf_code', type: 'varchar', length: 6, nullable: true })
  nafCode!: string | null;

  @Column({ name: 'address_line', type: 'text', nullable: true })
  addressLine!: string | null;

  @Column({ name: 'commune_code', type: 'varchar', length: 5, nullable: true })
  communeCode!: string | null;

  /** Copied from the commune when the address is written. */
  @Column({ name: 'basin_code', type: 'varchar', length: 4, nullable: true })
  basinCode!: string | null;

  @Column({ name: 'monthly_introduction_cap', type: 'smallint', nullable: true })
  monthlyIntroductionCap!: number | null;

  /** ISO date (YYYY-MM-DD): no new introductions until then. */
  @Column({ name: 'paused_until', type: 'date', nullable: true })
  pausedUntil!: string | null;

  @Column({ name: 'notify_new_profiles', type: 'boolean', default: true })
  notifyNewProfiles!: boolean;

  @Column({ name: 'notify_weekly_digest', type: 'boolean', default: false })
  notifyWeeklyDigest!: boolean;

  @Column({ name: 'charter_accepted_at', type: 'timestamptz', nullable: true })
  charterAcceptedAt!: Date | null;

  @Column({ name: 'charter_accepted_by', type: 'uuid', nullable: true })
  charterAcceptedBy!: string | null;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason!: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
