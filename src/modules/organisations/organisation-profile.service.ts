import { AuditService } from '../audit/audit.service';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { ValidationFailedException } from '../../common/http/problem';
import { OrganisationRole } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { OrganisationMembershipDto, OrganisationProfileDto, UpdateEmployerSettingsDto, UpdateOrganisationProfileDto } from './dto/organisation-profile.dto';
import { toMembership } from './membership.mapper';
import { EMPLOYER_KINDS, ORGANISATION_KIND_LABELS, ORGANISATION_STATUS_LABELS } from './organisation.entity';
import { OrganisationException } from './organisation.exception';
import { OrganisationProfileRow, OrganisationsRepository, ProfileChanges, SettingsChanges } from './organisations.repository';

/** How far ahead an employer may pause introductions: beyond that, the organisation should leave instead. */
const MAX_PAUSE_YEARS = 1;

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in France as YYYY-MM-DD, and the same day a number of years later. */
function parisDay(now: Date, plusYears = 0): string {
  const today = PARIS_DAY.format(now);
  if (!plusYears) return today;
  const later = new Date(`${today}T00:00:00Z`);
  later.setUTCFullYear(later.getUTCFullYear() + plusYears);
  return later.toISOString().slice(0, 10);
}

const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const frenchDate = (isoDay: string) => FRENCH_DATE.format(new Date(`${isoDay}T00:00:00Z`));

export function toProfile(row: OrganisationProfileRow, myRole: OrganisationRole): OrganisationProfileDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    kindLabel: ORGANISATION_KIND_LABELS[row.kind],
    status: row.status,
    statusLabel: ORGANISATION_STATUS_LABELS[row.status],
    siret: row.siret,
    nafCode: row.nafCode,
    addressLine: row.addressLine,
    commune: row.communeCode ? { code: row.communeCode, name: row.communeName } : null,
    basin: row.basinCode ? { code: row.basinCode, name: row.basinName } : null,
    settings: EMPLOYER_KINDS.includes(row.kind)
      ? {
          monthlyIntroductionCap: row.monthlyIntroductionCap,
          pausedUntil: row.pausedUntil,
          notifyNewProfiles: row.notifyNewProfiles,
          notifyWeeklyDigest: row.notifyWeeklyDigest,
        }
      : null,
    charter: {
      accepted: row.charterAcceptedAt !== null,
      acceptedAt: row.charterAcceptedAt ? new Date(row.charterAcceptedAt).toISOString() : null,
      acceptedByName: row.charterAcceptedByName,
    },
    memberCount: row.memberCount,
    myRole,
  };
}

interface Membership {
  organisationId: string;
  role: OrganisationRole;
}

/** What members do with their own organisation: read it, and, for its owner, edit it. */
@Injectable()
export class OrganisationProfileService {
  private readonly logger = new Logger(OrganisationProfileService.name);

  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Field names only: a renamed organisation is visible to staff in its audit trail, its old name is not kept there. */
  private recordChange(user: AuthUser, organisationId: string, action: string, fields?: string[]): Promise<void> {
    return this.audit.record({ actorUserId: user.id, action, subjectType: 'organisation', subjectId: organisationId, details: fields ? { fields } : {} });
  }

  async getMine(user: AuthUser): Promise<OrganisationProfileDto> {
    const membership = await this.membershipOf(user);
    return this.profile(membership);
  }

  async members(user: AuthUser): Promise<OrganisationMembershipDto[]> {
    const membership = await this.membershipOf(user);
    const members = await this.users.findByOrganisation(membership.organisationId);
    const ownersFirst = [...members].sort((a, b) => Number(b.organisationRole === OrganisationRole.Owner) - Number(a.organisationRole === OrganisationRole.Owner));
    return ownersFirst.map((m) => toMembership(m, membership.role === OrganisationRole.Owner));
  }

  async updateMine(user: AuthUser, dto: UpdateOrganisationProfileDto): Promise<OrganisationProfileDto> {
    const membership = await this.ownerOf(user);
    const changes: ProfileChanges = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.nafCode !== undefined) changes.nafCode = dto.nafCode;
    if (dto.addressLine !== undefined) changes.addressLine = dto.addressLine;
    if (dto.communeCode !== undefined) {
      changes.communeCode = dto.communeCode;
      changes.basinCode = dto.communeCode === null ? null : await this.basinOf(dto.communeCode);
    }
    if (Object.keys(changes).length) {
      await this.organisations.updateProfile(membership.organisationId, changes);
      await this.recordChange(user, membership.organisationId, 'organisation.profile_updated', Object.keys(changes));
    }
    this.logger.log({ msg: 'organisation profile updated', organisationId: membership.organisationId, userId: user.id, fields: Object.keys(changes) });
    return this.profile(membership);
  }

  async updateSettings(user: AuthUser, dto: UpdateEmployerSettingsDto): Promise<OrganisationProfileDto> {
    const membership = await this.ownerOf(user);
    if (!user.organisationKind || !EMPLOYER_KINDS.includes(user.organisationKind)) throw OrganisationException.settingsForEmployersOnly();
    const changes: SettingsChanges = {};
    if (dto.monthlyIntroductionCap !== undefined) changes.monthlyIntroductionCap = dto.monthlyIntroductionCap;
    if (dto.pausedUntil !== undefined) {
      if (dto.pausedUntil !== null) this.checkPause(dto.pausedUntil);
      changes.pausedUntil = dto.pausedUntil;
    }
    if (dto.notifyNewProfiles !== undefined) changes.notifyNewProfiles = dto.notifyNewProfiles;
    if (dto.notifyWeeklyDigest !== undefined) changes.notifyWeeklyDigest = dto.notifyWeeklyDigest;
    if (Object.keys(changes).length) {
      await this.organisations.updateSettings(membership.organisationId, changes);
      await this.recordChange(user, membership.organisationId, 'organisation.settings_updated', Object.keys(changes));
    }
    this.logger.log({ msg: 'employer settings updated', organisationId: membership.organisationId, userId: user.id, fields: Object.keys(changes) });
    return this.profile(membership);
  }

  /** The first acceptance stands: accepting again changes nothing and answers the same. */
  async acceptCharter(user: AuthUser): Promise<OrganisationProfileDto> {
    const membership = await this.ownerOf(user);
    if (await this.organisations.acceptCharter(membership.organisationId, user.id, this.clock.now())) {
      this.logger.log({ msg: 'charter accepted', organisationId: membership.organisationId, userId: user.id });
      await this.recordChange(user, membership.organisationId, 'organisation.charter_accepted');
    }
    return this.profile(membership);
  }

  private async profile(membership: Membership): Promise<OrganisationProfileDto> {
    const row = await this.organisations.findProfile(membership.organisationId);
    if (!row) throw OrganisationException.notFound();
    return toProfile(row, membership.role);
  }

  /** The caller's organisation and role, read fresh: a role change applies to the next request. */
  private async membershipOf(user: AuthUser): Promise<Membership> {
    if (!user.organisationId) throw OrganisationException.noOrganisation();
    const row = await this.users.findById(user.id);
    if (!row?.organisationId) throw OrganisationException.noOrganisation();
    return { organisationId: row.organisationId, role: row.organisationRole ?? OrganisationRole.Member };
  }

  private async ownerOf(user: AuthUser): Promise<Membership> {
    const membership = await this.membershipOf(user);
    if (membership.role !== OrganisationRole.Owner) throw OrganisationException.ownerOnly();
    return membership;
  }

  /** The basin an organisation takes from its commune: the commune must exist and belong to a basin. */
  private async basinOf(communeCode: string): Promise<string> {
    const commune = await this.organisations.findCommune(communeCode);
    if (!commune) throw new ValidationFailedException([{ field: 'communeCode', message: `Commune inconnue (code INSEE « ${communeCode} »).` }]);
    if (!commune.basinCode) {
      const message = `La commune ${commune.name ?? communeCode} (${communeCode}) n’est rattachée à aucun bassin d’emploi : choisissez une commune voisine.`;
      throw new ValidationFailedException([{ field: 'communeCode', message }]);
    }
    return commune.basinCode;
  }

  private checkPause(pausedUntil: string): void {
    const now = this.clock.now();
    const today = parisDay(now);
    const latest = parisDay(now, MAX_PAUSE_YEARS);
    if (pausedUntil < today) {
      throw new ValidationFailedException([{ field: 'pausedUntil', message: `La date de fin de pause ne peut pas être passée (au plus tôt le ${frenchDate(today)}).` }]);
    }
    if (pausedUntil > latest) {
      throw new ValidationFailedException([{ field: 'pausedUntil', message: `Une pause dure au plus un an (jusqu’au ${frenchDate(latest)}).` }]);
    }
  }
}
