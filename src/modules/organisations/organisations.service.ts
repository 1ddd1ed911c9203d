import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { TransactionRunner } from '../../database/transaction-runner';
import { EmailTemplate } from '../../infra/mail/email-templates';
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

/** A staff decision: the only status it applies to, what it leads to, and how it is recorded and told. */
interface Transition {
  from: OrganisationStatus;
  to: OrganisationStatus;
  action: string;
  template: EmailTemplate;
  conflict: (current: OrganisationStatus) => OrganisationException;
}

const TRANSITIONS: Record<'approve' | 'refuse' | 'suspend' | 'reinstate', Transition> = {
  approve: {
    from: OrganisationStatus.Pending,
    to: OrganisationStatus.Active,
    action: 'organisation.approved',
    template: 'organisation-approved',
    conflict: () => OrganisationException.notPending(),
  },
  refuse: {
    from: OrganisationStatus.Pending,
    to: OrganisationStatus.Refused,
    action: 'organisation.refused',
    template: 'organisation-refused',
    conflict: () => OrganisationException.notPending(),
  },
  suspend: {
    from: OrganisationStatus.Active,
    to: OrganisationStatus.Suspended,
    action: 'organisation.suspended',
    template: 'organisation-suspended',
    conflict: (current) => OrganisationException.notActive(current),
  },
  reinstate: {
    from: OrganisationStatus.Suspended,
    to: OrganisationStatus.Active,
    action: 'organisation.reinstated',
    template: 'organisation-reinstated',
    conflict: (current) => OrganisationException.notSuspended(current),
  },
};

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
    return this.transition(id, reviewerId, TRANSITIONS.approve, null);
  }

  refuse(id: string, reviewerId: string, reason: string): Promise<OrganisationDetailDto> {
    return this.transition(id, reviewerId, TRANSITIONS.refuse, reason);
  }

  suspend(id: string, reviewerId: string, reason: string): Promise<OrganisationDetailDto> {
    return this.transition(id, reviewerId, TRANSITIONS.suspend, reason);
  }

  reinstate(id: string, reviewerId: string): Promise<OrganisationDetailDto> {
    return this.transition(id, reviewerId, TRANSITIONS.reinstate, null);
  }

  /**
   * Records a staff decision on the locked row, audits it and queues the e-mail to every member, all in one
   * transaction. The reason replaces the previous one: it always explains the current status.
   */
  private async transition(id: string, reviewerId: string, transition: Transition, reason: string | null): Promise<OrganisationDetailDto> {
    await this.tx.run(async (manager) => {
      const organisation = await this.organisations.findForUpdate(id, manager);
      if (!organisation) throw OrganisationException.notFound();
      if (organisation.status !== transition.from) throw transition.conflict(organisation.status);
      const members = await this.users.findByOrganisation(id, manager);
      // Staff never decide on their own organisation (a coordinator suspending theirs would lock themselves out).
      if (members.some((m) => m.id === reviewerId)) throw OrganisationException.ownOrganisation();
      await this.organisations.saveReview(id, { status: transition.to, reviewReason: reason, reviewedBy: reviewerId, reviewedAt: this.clock.now() }, manager);
      // The reason is free text written by staff: the audit keeps the decision, not the words.
      await this.audit.record(
        { actorUserId: reviewerId, action: transition.action, subjectType: 'organisation', subjectId: id, details: { from: organisation.status } },
        manager,
      );
      for (const member of members) {
        await this.emails.queue(manager, transition.template, member.id, { organisationId: id });
      }
    });
    this.logger.log({ msg: 'organisation status changed', organisationId: id, action: transition.action, reviewerId });
    return this.get(id);
  }
}
