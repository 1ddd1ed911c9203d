import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, PageQuery, toPage } from '../../common/http/pagination';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { PARTNER_KINDS } from '../candidates/partner-access';
import { ORGANISATION_KIND_LABELS, ORGANISATION_STATUS_LABELS } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { CreateProgrammeDto, ProgrammeDetailDto, ProgrammeSummaryDto, UpdateProgrammeDto } from './dto/programme.dto';
import { ProgrammeException } from './programme.exception';
import { OrganisationChoiceRow, ProgrammeRow, ProgrammesRepository } from './programmes.repository';

const SUBJECT = 'programme';
/** The "add an organisation" list: more than this and the admin should narrow it down (not needed yet). */
const ADDABLE_LIMIT = 500;

const summaryDto = (row: ProgrammeRow): ProgrammeSummaryDto => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberCount: row.memberCount,
  partnerCount: row.partnerCount,
  createdAt: new Date(row.createdAt).toISOString(),
});

const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value);

/**
 * Programmes group the organisations that work on one cohort. Admins create them and choose their members;
 * coordinators see the programmes their organisation belongs to, and through them read the candidate profiles
 * of the programme's partner organisations (CandidateProfilesService). Every change is audited.
 */
@Injectable()
export class ProgrammesService {
  private readonly logger = new Logger(ProgrammesService.name);

  constructor(
    private readonly programmes: ProgrammesRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The organisation a non-admin is confined to (its programmes only); null for admins. */
  private memberScope(user: AuthUser): string | null {
    if (user.role === Role.Admin) return null;
    // A coordinator without an organisation belongs to no programme: an id no row has keeps the queries simple.
    return user.organisationId ?? '00000000-0000-0000-0000-000000000000';
  }

  async list(user: AuthUser, query: PageQuery): Promise<Page<ProgrammeSummaryDto>> {
    const { rows, total } = await this.programmes.list(PARTNER_KINDS, this.memberScope(user), query.offset, query.pageSize);
    return toPage(rows.map(summaryDto), total, query);
  }

  async get(user: AuthUser, id: string): Promise<ProgrammeDetailDto> {
    const scope = this.memberScope(user);
    const row = await this.programmes.findById(PARTNER_KINDS, id);
    if (!row || (scope && !(await this.programmes.isMember(id, scope)))) throw ProgrammeException.notFound();
    const members = await this.programmes.members(id);
    return {
      ...summaryDto(row),
      members: members.map((m) => ({
        organisationId: m.organisationId,
        name: m.name,
        kind: m.kind,
        kindLabel: ORGANISATION_KIND_LABELS[m.kind],
        status: m.status,
        statusLabel: ORGANISATION_STATUS_LABELS[m.status],
        partner: PARTNER_KINDS.includes(m.kind),
        addedAt: new Date(m.addedAt).toISOString(),
      })),
    };
  }

  /** Active organisations an admin may add to the programme. */
  async addable(id: string): Promise<OrganisationChoiceRow[]> {
    return this.programmes.addable(id, ADDABLE_LIMIT);
  }

  async create(user: AuthUser, dto: CreateProgrammeDto): Promise<ProgrammeDetailDto> {
    const id = await this.tx.run(async (manager) => {
      const inserted = await this.programmes.insert({ name: dto.name, description: blankToNull(dto.description) ?? null, createdBy: user.id, now: this.clock.now() }, manager);
      if (!inserted) throw ProgrammeException.nameTaken(dto.name);
      await this.audit.record({ actorUserId: user.id, action: 'programme.created', subjectType: SUBJECT, subjectId: inserted }, manager);
      return inserted;
    });
    this.logger.log({ msg: 'programme created', programmeId: id, userId: user.id });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, dto: UpdateProgrammeDto): Promise<ProgrammeDetailDto> {
    await this.tx.run(async (manager) => {
      const current = await this.programmes.lock(id, manager);
      if (!current) throw ProgrammeException.notFound();
      const name = dto.name ?? current.name;
      const description = blankToNull(dto.description) === undefined ? current.description : (blankToNull(dto.description) as string | null);
      const changed = [name !== current.name && 'name', description !== current.description && 'description'].filter((f): f is string => Boolean(f));
      if (changed.length === 0) return;
      if (name !== current.name && (await this.programmes.nameTaken(name, id, manager))) throw ProgrammeException.nameTaken(name);
      await this.programmes.update(id, { name, description, now: this.clock.now() }, manager);
      await this.audit.record({ actorUserId: user.id, action: 'programme.updated', subjectType: SUBJECT, subjectId: id, details: { fields: changed } }, manager);
    });
    return this.get(user, id);
  }

  /** Adds an organisation (idempotent: adding a member again changes nothing and records nothing). */
  async addMember(user: AuthUser, id: string, organisationId: string): Promise<ProgrammeDetailDto> {
    const added = await this.tx.run(async (manager) => {
      if (!(await this.programmes.lock(id, manager))) throw ProgrammeException.notFound();
      if (!(await this.programmes.organisationExists(organisationId, manager))) throw ProgrammeException.organisationNotFound();
      const now = this.clock.now();
      const inserted = await this.programmes.addMember(id, organisationId, user.id, now, manager);
      if (inserted) {
        await this.programmes.touch(id, now, manager);
        await this.audit.record({ actorUserId: user.id, action: 'programme.member_added', subjectType: SUBJECT, subjectId: id, details: { organisationId } }, manager);
      }
      return inserted;
    });
    if (added) this.logger.log({ msg: 'programme member added', programmeId: id, organisationId, userId: user.id });
    return this.get(user, id);
  }

  /** Removes an organisation (idempotent, like adding: removing a non-member changes nothing and records nothing). */
  async removeMember(user: AuthUser, id: string, organisationId: string): Promise<ProgrammeDetailDto> {
    const removed = await this.tx.run(async (manager) => {
      if (!(await this.programmes.lock(id, manager))) throw ProgrammeException.notFound();
      const deleted = await this.programmes.removeMember(id, organisationId, manager);
      if (deleted) {
        await this.programmes.touch(id, this.clock.now(), manager);
        await this.audit.record({ actorUserId: user.id, action: 'programme.member_removed', subjectType: SUBJECT, subjectId: id, details: { organisationId } }, manager);
      }
      return deleted;
    });
    if (removed) this.logger.log({ msg: 'programme member removed', programmeId: id, organisationId, userId: user.id });
    return this.get(user, id);
  }
}
