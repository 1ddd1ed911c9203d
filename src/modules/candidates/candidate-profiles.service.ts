import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { FieldError, ValidationFailedException } from '../../common/http/problem';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { Role } from '../users/user.entity';
import {
  CANDIDATE_PROFILE_STATUS_LABELS,
  CandidateProfileStatus,
  ConsentScope,
  Experience,
  Mobility,
  Training,
  WorkConstraints,
} from './candidate-profile';
import { CandidateProfileException } from './candidate-profile.exception';
import { generateProfileCode, nextStatus, ProfileAction, profilePiiFindings, ProfilePiiFinding, publishBlockers, releaseWindowErrors } from './candidate-profile-rules';
import {
  CandidateConsentRow,
  CandidateProfileRecord,
  CandidateProfileRow,
  CandidateProfilesRepository,
  CandidateProfileSummaryRow,
  CandidateProfileValues,
  ProfileVisibility,
} from './candidate-profiles.repository';
import {
  CandidateProfileDto,
  CandidateProfileFieldsDto,
  CandidateProfileSummaryDto,
  ConsentDto,
  ListCandidateProfilesQuery,
  PiiCheckDto,
  PublishCandidateProfileDto,
  RecordConsentDto,
  RevokeConsentDto,
} from './dto/candidate-profile.dto';
import { EraseCandidateProfileDto } from './dto/erase-candidate-profile.dto';
import { activePartnerOrganisation } from './partner-access';
import { ProfileIndexOutbox } from '../profile-search/profile-index-outbox';
import { ProfileRetentionService } from './profile-retention.service';

const SUBJECT = 'candidate_profile';
/** Audit actions of the transitions: `profile.published`, `profile.paused`… */
const AUDIT_VERBS: Record<ProfileAction, string> = { publish: 'published', resume: 'resumed', pause: 'paused', placed: 'placed', archive: 'archived' };
/** Codes are drawn at random: a few collisions in a row mean the code space is nearly full, which a bug report should say. */
const MAX_CODE_ATTEMPTS = 20;

// Canonical shapes with a fixed key order, so that what the client sent and what jsonb gives back compare equal.
const mobilityOf = (m: Mobility): Mobility => ({ licences: [...m.licences], hasVehicle: m.hasVehicle ?? null, maxCommuteMinutes: m.maxCommuteMinutes ?? null });
const experienceOf = (e: Experience): Experience => ({ romeCode: e.romeCode ?? null, sector: e.sector, months: e.months });
const trainingOf = (t: Training): Training => ({ title: t.title, level: t.level ?? null, status: t.status, inDetention: t.inDetention });
const constraintsOf = (c: WorkConstraints): WorkConstraints => ({ avoidDepartments: [...c.avoidDepartments], avoidRomeCodes: [...c.avoidRomeCodes] });

const EMPTY_VALUES: CandidateProfileValues = {
  establishmentCode: null,
  ageBand: null,
  releaseFrom: null,
  releaseUntil: null,
  adjustments: [],
  exitPermits: null,
  soughtSolutions: [],
  targetRomeCodes: [],
  targetBasinCodes: [],
  mobility: { licences: [], hasVehicle: null, maxCommuteMinutes: null },
  languages: [],
  skills: [],
  experiences: [],
  trainings: [],
  project: null,
  availability: null,
  constraints: { avoidDepartments: [], avoidRomeCodes: [] },
};

const VALUE_KEYS = Object.keys(EMPTY_VALUES) as (keyof CandidateProfileValues)[];

const valuesOf = (record: CandidateProfileValues): CandidateProfileValues => ({
  establishmentCode: record.establishmentCode,
  ageBand: record.ageBand,
  releaseFrom: record.releaseFrom,
  releaseUntil: record.releaseUntil,
  adjustments: record.adjustments,
  exitPermits: record.exitPermits,
  soughtSolutions: record.soughtSolutions,
  targetRomeCodes: record.targetRomeCodes,
  targetBasinCodes: record.targetBasinCodes,
  mobility: mobilityOf(record.mobility),
  languages: record.languages,
  skills: record.skills,
  experiences: record.experiences.map(experienceOf),
  trainings: record.trainings.map(trainingOf),
  project: record.project,
  availability: record.availability,
  constraints: constraintsOf(record.constraints),
});

/** The fields a request sets (undefined ones are left alone), in canonical shape. */
function patchOf(dto: CandidateProfileFieldsDto): Partial<CandidateProfileValues> {
  const patch: Partial<CandidateProfileValues> = {};
  for (const key of VALUE_KEYS) {
    const value = dto[key];
    if (value !== undefined) (patch as Record<string, unknown>)[key] = value;
  }
  if (dto.mobility) patch.mobility = mobilityOf(dto.mobility);
  if (dto.experiences) patch.experiences = dto.experiences.map(experienceOf);
  if (dto.trainings) patch.trainings = dto.trainings.map(trainingOf);
  if (dto.constraints) patch.constraints = constraintsOf(dto.constraints);
  return patch;
}

const FREE_TEXT_KEYS: readonly (keyof CandidateProfileValues)[] = ['project', 'availability', 'skills', 'experiences', 'trainings', 'establishmentCode'];

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

const consentDto = (row: CandidateConsentRow): ConsentDto => ({
  id: row.id,
  scope: row.scope,
  givenOn: row.givenOn,
  recordedBy: row.recordedBy,
  recordedAt: new Date(row.recordedAt).toISOString(),
  revokedAt: iso(row.revokedAt),
  revokedBy: row.revokedBy,
});

const summaryDto = (row: CandidateProfileSummaryRow): CandidateProfileSummaryDto => ({
  id: row.id,
  code: row.code,
  status: row.status,
  statusLabel: CANDIDATE_PROFILE_STATUS_LABELS[row.status],
  ageBand: row.ageBand,
  releaseFrom: row.releaseFrom,
  releaseUntil: row.releaseUntil,
  targetRomeCodes: row.targetRomeCodes,
  targetBasinCodes: row.targetBasinCodes,
  establishmentCode: row.establishmentCode,
  hasActiveConsent: row.hasActiveConsent,
  ownerOrganisationId: row.ownerOrganisationId,
  ownerOrganisationName: row.ownerOrganisationName,
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/**
 * Anonymised candidate profiles, internal side: counsellors and coordinators of an active partner
 * organisation write their organisation's profiles; coordinators also read those of the partners of their
 * programmes; admins read every one. Another organisation's
 * profile answers 404, as if it did not exist. Every change is audited in its own transaction, and
 * nothing here logs profile text: ids only.
 */
@Injectable()
export class CandidateProfilesService {
  private readonly logger = new Logger(CandidateProfilesService.name);

  constructor(
    private readonly profiles: CandidateProfilesRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly retention: ProfileRetentionService,
    private readonly index: ProfileIndexOutbox,
  ) {}

  /**
   * Whose profiles a member reads: their organisation's and, for a coordinator, those of the organisations
   * sharing a programme with it (read only). Null for admins, who read every organisation's.
   */
  private scope(user: AuthUser): ProfileVisibility | null {
    return user.role === Role.Admin ? null : { organisationId: activePartnerOrganisation(user), viaProgrammes: user.role === Role.Coordinator };
  }

  /** How the user reaches an existing profile, or a 404 as if it did not exist. */
  private async access(user: AuthUser, row: CandidateProfileRow | null): Promise<'own' | 'programme' | 'admin'> {
    const scope = this.scope(user);
    if (!row) throw CandidateProfileException.notFound();
    if (!scope) return 'admin';
    if (row.ownerOrganisationId === scope.organisationId) return 'own';
    if (scope.viaProgrammes && (await this.profiles.shareProgramme(scope.organisationId, row.ownerOrganisationId))) return 'programme';
    throw CandidateProfileException.notFound();
  }

  async list(user: AuthUser, query: ListCandidateProfilesQuery): Promise<Page<CandidateProfileSummaryDto>> {
    const { rows, total } = await this.profiles.list(
      { visibleTo: this.scope(user) ?? undefined, status: query.status, basinCode: query.basin, romeCode: query.rome },
      query.offset,
      query.pageSize,
    );
    return toPage(rows.map(summaryDto), total, query);
  }

  /** One profile; a coordinator reading another organisation's profile through a programme is audited (staff reads within the organisation are not). */
  async get(user: AuthUser, id: string): Promise<CandidateProfileDto> {
    const row = await this.profiles.findById(id);
    const access = await this.access(user, row);
    if (access === 'programme') {
      await this.audit.record({ actorUserId: user.id, action: 'profile.read_by_programme', subjectType: SUBJECT, subjectId: id, details: { organisationId: user.organisationId } });
    }
    return this.toDto(row!, access === 'own');
  }

  /** Refuses, before any form is read, a change by someone who cannot make it: 404 if they cannot see the profile, 403 if they only read it. */
  async assertEditable(user: AuthUser, id: string): Promise<void> {
    const access = await this.access(user, await this.profiles.findById(id));
    if (access === 'programme') throw CandidateProfileException.readOnlyInProgramme();
    if (access === 'admin') throw CandidateProfileException.notPartnerOrganisation();
  }

  /** What the PII guard finds in the profile as it stands, for the editor's inline warnings. */
  async piiCheck(user: AuthUser, id: string): Promise<PiiCheckDto> {
    const row = await this.profiles.findById(id);
    // The findings quote the profile's text: through a programme, that is a read like `get`.
    if ((await this.access(user, row)) === 'programme') {
      await this.audit.record({ actorUserId: user.id, action: 'profile.read_by_programme', subjectType: SUBJECT, subjectId: id, details: { organisationId: user.organisationId } });
    }
    return { findings: await this.findings(row!) };
  }

  /** What the PII guard finds in fields not saved yet (the editor's "check" button): nothing is written. */
  async piiCheckFields(user: AuthUser, dto: CandidateProfileFieldsDto): Promise<PiiCheckDto> {
    this.scope(user);
    return { findings: await this.findings({ ...EMPTY_VALUES, ...patchOf(dto) }) };
  }

  async create(user: AuthUser, dto: CandidateProfileFieldsDto): Promise<CandidateProfileDto> {
    const ownerOrganisationId = activePartnerOrganisation(user);
    const values: CandidateProfileValues = { ...EMPTY_VALUES, ...patchOf(dto) };
    const errors = [...(await this.referenceErrors(values, values)), ...releaseWindowErrors(values.releaseFrom, values.releaseUntil)];
    if (errors.length) throw new ValidationFailedException(errors);
    const id = await this.tx.run(async (manager) => {
      for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
        const code = generateProfileCode();
        const inserted = await this.profiles.insert({ ...values, code, ownerOrganisationId, createdBy: user.id, now: this.clock.now() }, manager);
        if (inserted) {
          await this.audit.record({ actorUserId: user.id, action: 'profile.created', subjectType: SUBJECT, subjectId: inserted, details: { code, organisationId: ownerOrganisationId } }, manager);
          return inserted;
        }
      }
      throw new Error(`no free candidate profile code after ${MAX_CODE_ATTEMPTS} attempts`);
    });
    this.logger.log({ msg: 'candidate profile created', profileId: id, organisationId: ownerOrganisationId, userId: user.id });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, dto: CandidateProfileFieldsDto): Promise<CandidateProfileDto> {
    const organisationId = activePartnerOrganisation(user);
    const changed = await this.tx.run(async (manager) => {
      const current = await this.ownLocked(user, id, organisationId, manager);
      if (current.status === CandidateProfileStatus.Placed || current.status === CandidateProfileStatus.Archived) throw CandidateProfileException.notEditable(current.status);
      const before = valuesOf(current);
      const patch = patchOf(dto);
      const next: CandidateProfileValues = { ...before, ...patch };
      const errors = await this.referenceErrors(patch, next);
      if ('releaseFrom' in patch || 'releaseUntil' in patch) errors.push(...releaseWindowErrors(next.releaseFrom, next.releaseUntil));
      if (errors.length) throw new ValidationFailedException(errors);
      const fields = VALUE_KEYS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(next[key]));
      if (fields.length === 0) return [];
      // A published profile stays publishable: employers read it as it is written now.
      if (current.status === CandidateProfileStatus.Published) {
        const blockers = publishBlockers(next);
        if (blockers.length) throw CandidateProfileException.publishedMustStayComplete(blockers);
        if (fields.some((field) => FREE_TEXT_KEYS.includes(field))) {
          const findings = await this.findings(next);
          if (findings.length) throw CandidateProfileException.piiFoundWhilePublished(findings);
        }
      }
      await this.profiles.update(id, next, this.clock.now(), manager);
      await this.audit.record({ actorUserId: user.id, action: 'profile.updated', subjectType: SUBJECT, subjectId: id, details: { fields } }, manager);
      // Employers (and the index) see published profiles only.
      if (current.status === CandidateProfileStatus.Published) await this.index.resync(manager, id);
      return fields;
    });
    if (changed.length) this.logger.log({ msg: 'candidate profile updated', profileId: id, organisationId, userId: user.id, fields: changed });
    return this.get(user, id);
  }

  publish(user: AuthUser, id: string, dto: PublishCandidateProfileDto): Promise<CandidateProfileDto> {
    return this.transition(user, id, 'publish', dto.overrideJustification);
  }

  resume(user: AuthUser, id: string, dto: PublishCandidateProfileDto): Promise<CandidateProfileDto> {
    return this.transition(user, id, 'resume', dto.overrideJustification);
  }

  pause(user: AuthUser, id: string): Promise<CandidateProfileDto> {
    return this.transition(user, id, 'pause');
  }

  markPlaced(user: AuthUser, id: string): Promise<CandidateProfileDto> {
    return this.transition(user, id, 'placed');
  }

  archive(user: AuthUser, id: string): Promise<CandidateProfileDto> {
    return this.transition(user, id, 'archive');
  }

  async recordConsent(user: AuthUser, id: string, dto: RecordConsentDto): Promise<CandidateProfileDto> {
    const organisationId = activePartnerOrganisation(user);
    const today = parisDate(this.clock.now());
    if (dto.givenOn > today) throw new ValidationFailedException([{ field: 'givenOn', message: 'La date du consentement ne peut pas être dans le futur.' }]);
    await this.tx.run(async (manager) => {
      const current = await this.ownLocked(user, id, organisationId, manager);
      if (current.status === CandidateProfileStatus.Archived) throw CandidateProfileException.archived();
      if (await this.profiles.activeConsent(id, dto.scope, manager)) throw CandidateProfileException.consentAlreadyActive();
      const consentId = await this.profiles.insertConsent({ profileId: id, scope: dto.scope, givenOn: dto.givenOn, recordedBy: user.id, now: this.clock.now() }, manager);
      await this.audit.record({ actorUserId: user.id, action: 'consent.recorded', subjectType: SUBJECT, subjectId: id, details: { consentId, scope: dto.scope } }, manager);
    });
    this.logger.log({ msg: 'candidate consent recorded', profileId: id, organisationId, userId: user.id });
    return this.get(user, id);
  }

  /** Revoking the publication consent unpublishes at once (DESIGN.md §2): a published profile is paused in the same transaction. */
  async revokeConsent(user: AuthUser, id: string, dto: RevokeConsentDto): Promise<CandidateProfileDto> {
    const organisationId = activePartnerOrganisation(user);
    const scope = dto.scope ?? ConsentScope.Publication;
    const paused = await this.tx.run(async (manager) => {
      const current = await this.ownLocked(user, id, organisationId, manager);
      const consent = await this.profiles.activeConsent(id, scope, manager);
      if (!consent) throw CandidateProfileException.noActiveConsent();
      const now = this.clock.now();
      await this.profiles.revokeConsent(consent.id, user.id, now, manager);
      await this.audit.record({ actorUserId: user.id, action: 'consent.revoked', subjectType: SUBJECT, subjectId: id, details: { consentId: consent.id, scope } }, manager);
      if (scope !== ConsentScope.Publication || current.status !== CandidateProfileStatus.Published) return false;
      await this.profiles.setStatus(id, CandidateProfileStatus.Paused, now, manager);
      await this.audit.record({ actorUserId: user.id, action: 'profile.paused', subjectType: SUBJECT, subjectId: id, details: { cause: 'consent_revoked', consentId: consent.id } }, manager);
      await this.index.resync(manager, id);
      return true;
    });
    this.logger.log({ msg: 'candidate consent revoked', profileId: id, organisationId, userId: user.id, unpublished: paused });
    return this.get(user, id);
  }

  /**
   * Erasure on the candidate's request (DESIGN.md §2), whatever the profile's status: the caller retypes the
   * pseudonymous code to confirm. Removes the profile everywhere in one transaction (see ProfileRetentionService).
   */
  async erase(user: AuthUser, id: string, dto: EraseCandidateProfileDto): Promise<void> {
    const organisationId = activePartnerOrganisation(user);
    await this.tx.run(async (manager) => {
      const current = await this.ownLocked(user, id, organisationId, manager);
      if (dto.confirmCode.trim().toUpperCase() !== current.code) {
        throw new ValidationFailedException([{ field: 'confirmCode', message: 'Le code de confirmation ne correspond pas au code pseudonyme du profil.' }]);
      }
      await this.retention.eraseLocked([id], user.id, 'request', manager);
    });
    await this.retention.afterErasure([id]);
    this.logger.log({ msg: 'candidate profile erased on request', profileId: id, organisationId, userId: user.id });
  }

  private async transition(user: AuthUser, id: string, action: ProfileAction, overrideJustification?: string): Promise<CandidateProfileDto> {
    const organisationId = activePartnerOrganisation(user);
    const outcome = await this.tx.run(async (manager) => {
      const current = await this.ownLocked(user, id, organisationId, manager);
      const target = nextStatus(current.status, action);
      if (!target) throw CandidateProfileException.invalidTransition(action, current.status);
      const now = this.clock.now();
      if (target !== CandidateProfileStatus.Published) {
        await this.profiles.setStatus(id, target, now, manager);
        await this.audit.record({ actorUserId: user.id, action: `profile.${AUDIT_VERBS[action]}`, subjectType: SUBJECT, subjectId: id, details: { from: current.status } }, manager);
        if (current.status === CandidateProfileStatus.Published) await this.index.resync(manager, id);
        return { target, override: false };
      }
      if (!(await this.profiles.activeConsent(id, ConsentScope.Publication, manager))) throw CandidateProfileException.consentMissing();
      const blockers = publishBlockers(current);
      if (blockers.length) throw CandidateProfileException.incomplete(blockers);
      const findings = await this.findings(current);
      if (findings.length && !overrideJustification) throw CandidateProfileException.piiFound(findings);
      const override = findings.length > 0 && overrideJustification ? { justification: overrideJustification, by: user.id, at: now.toISOString() } : null;
      await this.profiles.setStatus(id, target, now, manager, override);
      await this.index.resync(manager, id);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `profile.${AUDIT_VERBS[action]}`,
          subjectType: SUBJECT,
          subjectId: id,
          // The justification is free text: it stays on the profile row, the audit says only that there was one.
          details: { from: current.status, override: Boolean(override), findingKinds: [...new Set(findings.map((f) => f.kind))] },
        },
        manager,
      );
      return { target, override: Boolean(override) };
    });
    this.logger.log({ msg: 'candidate profile status changed', profileId: id, organisationId, userId: user.id, status: outcome.target, piiOverride: outcome.override });
    return this.get(user, id);
  }

  /**
   * The profile locked for a change by its owner organisation. Another organisation's profile is a 404, except
   * for a coordinator who can read it through a programme: a 403 saying it is read only.
   */
  private async ownLocked(user: AuthUser, id: string, organisationId: string, manager: Parameters<CandidateProfilesRepository['lock']>[1]): Promise<CandidateProfileRecord> {
    const current = await this.profiles.lock(id, manager);
    if (!current) throw CandidateProfileException.notFound();
    if (current.ownerOrganisationId === organisationId) return current;
    if (user.role === Role.Coordinator && (await this.profiles.shareProgramme(organisationId, current.ownerOrganisationId))) throw CandidateProfileException.readOnlyInProgramme();
    throw CandidateProfileException.notFound();
  }

  /** The guard's findings, with the profile's own establishment (its name and its code) as names to look for. */
  private async findings(values: CandidateProfileValues): Promise<ProfilePiiFinding[]> {
    const establishment = values.establishmentCode ? await this.profiles.findEstablishment(values.establishmentCode) : null;
    return profilePiiFindings(values, establishment ? [establishment.name, establishment.code] : []);
  }

  /** Unknown establishment, occupations and basins among the fields the request sets, each named. */
  private async referenceErrors(patch: Partial<CandidateProfileValues>, next: CandidateProfileValues): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (patch.establishmentCode && !(await this.profiles.findEstablishment(patch.establishmentCode))) {
      errors.push({ field: 'establishmentCode', message: `Établissement inconnu « ${patch.establishmentCode} » : choisissez un établissement de l’annuaire.` });
    }
    const romeCodes = new Set([
      ...(patch.targetRomeCodes ?? []),
      ...(patch.experiences ?? []).flatMap((e) => (e.romeCode ? [e.romeCode] : [])),
      ...(patch.constraints?.avoidRomeCodes ?? []),
    ]);
    const known = new Set((await this.profiles.findOccupations([...romeCodes])).map((o) => o.code));
    const unknownRome = (code: string) => `code ROME inconnu « ${code} » : choisissez un métier du répertoire ROME.`;
    for (const code of patch.targetRomeCodes ?? []) if (!known.has(code)) errors.push({ field: 'targetRomeCodes', message: `Métiers visés : ${unknownRome(code)}` });
    (patch.experiences ?? []).forEach((e, i) => {
      if (e.romeCode && !known.has(e.romeCode)) errors.push({ field: `experiences.${i}.romeCode`, message: `Expérience, métier : ${unknownRome(e.romeCode)}` });
    });
    for (const code of patch.constraints?.avoidRomeCodes ?? []) if (!known.has(code)) errors.push({ field: 'constraints.avoidRomeCodes', message: `Métiers à éviter : ${unknownRome(code)}` });
    if (patch.targetBasinCodes?.length) {
      const basins = new Set((await this.profiles.findBasins(next.targetBasinCodes)).map((b) => b.code));
      for (const code of patch.targetBasinCodes) {
        if (!basins.has(code)) errors.push({ field: 'targetBasinCodes', message: `Bassins visés : bassin d’emploi inconnu « ${code} ».` });
      }
    }
    return errors;
  }

  /** `editable`: the reader belongs to the owner organisation (a programme coordinator or an admin only reads). */
  private async toDto(row: CandidateProfileRow, editable: boolean): Promise<CandidateProfileDto> {
    const [occupations, basins, consents] = await Promise.all([
      this.profiles.findOccupations(row.targetRomeCodes),
      this.profiles.findBasins(row.targetBasinCodes),
      this.profiles.consents(row.id),
    ]);
    const labelled = (codes: string[], found: { code: string; label: string }[]) =>
      codes.map((code) => ({ code, label: found.find((f) => f.code === code)?.label ?? code }));
    const active = consents.find((c) => c.scope === ConsentScope.Publication && c.revokedAt === null);
    return {
      id: row.id,
      code: row.code,
      ownerOrganisationId: row.ownerOrganisationId,
      ownerOrganisationName: row.ownerOrganisationName,
      editable,
      createdBy: row.createdBy,
      establishmentName: row.establishmentName,
      ...valuesOf(row),
      targetOccupations: labelled(row.targetRomeCodes, occupations),
      targetBasins: labelled(row.targetBasinCodes, basins),
      status: row.status,
      statusLabel: CANDIDATE_PROFILE_STATUS_LABELS[row.status],
      activeConsent: active ? consentDto(active) : null,
      consents: consents.map(consentDto),
      piiOverride: row.piiOverride,
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
      publishedAt: iso(row.publishedAt),
    };
  }
}

