import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum Role {
  Admin = 'admin',
  Coordinator = 'coordinator',
  Counsellor = 'counsellor',
  Employer = 'employer',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Admin]: 'Administrateur',
  [Role.Coordinator]: 'Coordinateur',
  [Role.Counsellor]: 'Conseiller',
  [Role.Employer]: 'Employeur',
};

/** A member's place in their organisation: the owner edits its profile and settings. */
export enum OrganisationRole {
  Owner = 'owner',
  Member = 'member',
}

export const ORGANISATION_ROLE_LABELS: Record<OrganisationRole, string> = {
  [OrganisationRole.Owner]: 'Responsable',
  [OrganisationRole.Member]: 'Membre',
};

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  /** Null for users without an organisation (admins). */
  @Column({ name: 'organisation_role', type: 'varchar', length: 16, nullable: true })
  organisationRole!: OrganisationRole | null;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt!: Date;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
