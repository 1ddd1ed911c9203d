import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { EmployerNeedDto } from './dto/employer-need.dto';
import { activeEmployerOrganisation } from './employer-access';
import { EmployerNeedStatus } from './employer-need';
import { EmployerNeedException } from './employer-need.exception';
import { confirmationBlockers, parisDate } from './employer-need-rules';
import { EmployerNeedsRepository } from './employer-needs.repository';
import { EmployerNeedsService } from './employer-needs.service';
import { StaleNeedPolicy, unpublicationDue } from './stale-needs.service';

/**
 * "Still current": an employer confirms a published need without changing it, which restarts the stale-need
 * clock like an update would (an update that changes nothing does not). Same access rules as publishing.
 */
@Injectable()
export class NeedConfirmationService {
  private readonly logger = new Logger(NeedConfirmationService.name);

  constructor(
    private readonly repository: EmployerNeedsRepository,
    private readonly needs: EmployerNeedsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async confirm(user: AuthUser, id: string): Promise<EmployerNeedDto> {
    const organisationId = activeEmployerOrganisation(user);
    await this.tx.run(async (manager) => {
      const current = await this.repository.lock(id, manager);
      if (!current || current.organisationId !== organisationId) throw EmployerNeedException.notFound();
      if (current.status !== EmployerNeedStatus.Published) throw EmployerNeedException.notConfirmable(current.status);
      const blockers = confirmationBlockers(current, parisDate(this.clock.now()));
      if (blockers.length) throw EmployerNeedException.confirmationOutdated(blockers);
      await this.repository.confirm(id, this.clock.now(), manager);
      await this.audit.record({ actorUserId: user.id, action: 'need.confirmed', subjectType: 'employer_need', subjectId: id, details: { organisationId } }, manager);
    });
    this.logger.log({ msg: 'employer need confirmed', needId: id, organisationId, userId: user.id });
    return this.needs.get(user, id);
  }

  /** When a published need whose members were warned will be unpublished, as the stale sweep computes it; null when no warning is pending. */
  unpublicationDue(need: Pick<EmployerNeedDto, 'status' | 'updatedAt' | 'staleWarningSentAt'>): Date | null {
    if (need.status !== EmployerNeedStatus.Published || !need.staleWarningSentAt) return null;
    return unpublicationDue(new Date(need.updatedAt), new Date(need.staleWarningSentAt), this.policy);
  }

  /** The stale-need settings, for pages that explain them. */
  get policy(): StaleNeedPolicy {
    return { NEED_STALE_DAYS: this.config.NEED_STALE_DAYS, NEED_STALE_WARNING_DAYS: this.config.NEED_STALE_WARNING_DAYS };
  }
}
