import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { TransactionRunner } from '../../database/transaction-runner';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { OrganisationRole } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { ListOrganisationsQuery, OrganisationDetailDto, OrganisationSummaryDto } from './dto/organisation.dto';
import { ORGANISATION_KIND_LABELS, ORGANISATION_STATUS_LABELS, OrganisationStatus } from './organisation.entity';
import { OrganisationException } from './organisation.exception';
import { OrganisationListRow, OrganisationsRepository } from './organisations.repository';

const toSummary = (row: OrganisationListRow): OrganisationSummaryDto => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  kindLabel: ORGANISATION_KIND_LABELS[row.kind],
  status: row.status,
  statusLabel: ORGANISATION_STATUS_LABELS[row.status],
  siret: row.siret,
  createdAt: new Date(row.createdAt).toISOString(),
  memberCount: row.memberCount,
});

@Injectable()
export class OrganisationsService {
  private readonly logger = new Logger(OrganisationsService.name);

  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly tx: TransactionRunner,
    private readonly emails: EmailOutboxService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListOrganisationsQuery): Promise<Page<OrganisationSummaryDto>> {
    const { rows, total } = await this.organisations.list(query.status, query.offset, query.pageSize);
    return toPage(rows.map(toSummary), total, query);
  }

  countByStatus(status: OrganisationStatus): Promise<number> {
    return this.organisations.count(status);
  }

  async get(id: string): Promise<OrganisationDetailDto> {
    const organisation = await this.organisations.findById(id);
    const profile = await this.organisations.findProfile(id);
    if (!organisation || !profile) throw OrganisationException.notFound();
    const members = await this.users.findByOrganisation(id);
    return {
      ...toSummary({ ...organisation, memberCount: members.length }),
      reviewReason: organisation.reviewReason,
      reviewedAt: organisation.reviewedAt?.toISOString() ?? null,
      nafCode: profile.nafCode,
      addressLine: profile.addressLine,
      commune: profile.communeCode ? { code: profile.communeCode, name: profile.communeName } : null,
      basin: profile.basinCode ? { code: profile.basinCode, name: profile.basinName } : null,
      charterAcceptedAt: profile.charterAcceptedAt ? new Date(profile.charterAcceptedAt).toISOString() : null,
      members: members.map((m) => ({
        id: m.id,
        displayName: m.displayName,
        email: m.email,
        emailVerified: m.emailVerifiedAt !== null,
        role: m.organisationRole ?? OrganisationRole.Member,
      })),
    };
  }

  approve(id: string, reviewerId: string): Promise<OrganisationDetailDto> {
    return this.decide(id, reviewerId, OrganisationStatus.Active, null);
  }

  refuse(id: string, reviewerId: string, reason: string): Promise<OrganisationDetailDto> {
    return this.decide(id, reviewerId, OrganisationStatus.Refused, reason);
  }

  /** Records a review decision and queues the e-mail to every member in the same transaction. */
  private async decide(id: string, reviewerId: string, status: OrganisationStatus, reason: string | null): Promise<OrganisationDetailDto> {
    await this.tx.run(async (manager) => {
      const organisation = await this.organisations.findForUpdate(id, manager);
      if (!organisation) throw OrganisationException.notFound();
      if (organisation.status !== OrganisationStatus.Pending) throw OrganisationException.notPending();
      await this.organisations.saveReview(id, { status, reviewReason: reason, reviewedBy: reviewerId, reviewedAt: this.clock.now() }, manager);
      // The reason is free text written by staff: the audit keeps the decision, not the words.
      const action = status === OrganisationStatus.Active ? 'organisation.approved' : 'organisation.refused';
      await this.audit.record({ actorUserId: reviewerId, action, subjectType: 'organisation', subjectId: id, details: { from: organisation.status } }, manager);
      const template = status === OrganisationStatus.Active ? 'organisation-approved' : 'organisation-refused';
      for (const member of await this.users.findByOrganisation(id, manager)) {
        await this.emails.queue(manager, template, member.id, { organisationId: id });
      }
    });
    this.logger.log({ msg: 'organisation reviewed', organisationId: id, status, reviewerId });
    return this.get(id);
  }
}
