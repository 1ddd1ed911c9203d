import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { hashPassword } from '../../common/security/password';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { AuthException } from '../auth/auth.exception';
import { SessionService } from '../auth/session.service';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { OrganisationRole, ROLE_LABELS, User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { ChangeMemberRoleDto, InvitedMemberDto, InviteMemberDto } from './dto/organisation-members.dto';
import { OrganisationMembershipDto } from './dto/organisation-profile.dto';
import { accountRoleFor, leavesNoOwner } from './member-rules';
import { toMembership } from './membership.mapper';
import { Organisation, OrganisationStatus } from './organisation.entity';
import { OrganisationException } from './organisation.exception';
import { OrganisationsRepository } from './organisations.repository';

/** Organisations still setting up or at work take new members; refused or suspended ones do not. */
const OPEN_TO_INVITATIONS: readonly OrganisationStatus[] = [OrganisationStatus.Pending, OrganisationStatus.Active];

const isEmailTaken = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string; constraint?: string })?.code === '23505' &&
  (error.driverError as { constraint?: string }).constraint === 'users_email_key';

/**
 * An owner manages their organisation's team: invites colleagues, changes who is an owner, removes
 * members. Each change locks the organisation row, so two owners acting at once cannot together leave
 * it without an owner.
 *
 * Removing a member deletes their account. An account cannot exist outside an organisation (the
 * users_member_has_organisation check), every reference to a user is ON DELETE SET NULL (needs, profiles
 * and consents belong to the organisation, not to the person), and the audit trail keeps the ids of
 * what they did. The person can later be invited again, by this organisation or another.
 */
@Injectable()
export class OrganisationMembersService {
  private readonly logger = new Logger(OrganisationMembersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly tx: TransactionRunner,
    private readonly emails: EmailOutboxService,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  /** Creates the colleague's account, without a usable password, and e-mails them a link to choose one. */
  async invite(user: AuthUser, dto: InviteMemberDto): Promise<InvitedMemberDto> {
    // Nobody knows this password: the account is unusable until the invitation link sets a real one.
    const placeholderHash = await hashPassword(randomBytes(32).toString('base64url'));
    try {
      return await this.tx.run(async (manager) => {
        const { organisation, caller } = await this.lockAsOwner(user, manager);
        if (!OPEN_TO_INVITATIONS.includes(organisation.status)) throw OrganisationException.invitationsClosed(organisation.status);
        const role = accountRoleFor(organisation.kind, dto.role, caller.role);
        if (await this.users.findByEmail(dto.email, manager)) throw AuthException.emailTaken();
        const member = await this.users.insert(
          {
            email: dto.email,
            passwordHash: placeholderHash,
            displayName: dto.displayName,
            role,
            organisationId: organisation.id,
            organisationRole: dto.organisationRole,
            emailVerifiedAt: null,
          },
          manager,
        );
        await this.emails.queue(manager, 'organisation-invitation', member.id, { inviterUserId: caller.id });
        await this.audit.record(
          {
            actorUserId: caller.id,
            action: 'organisation.member_invited',
            subjectType: 'organisation',
            subjectId: organisation.id,
            details: { memberUserId: member.id, organisationRole: dto.organisationRole, role },
          },
          manager,
        );
        this.logger.log({ msg: 'member invited', organisationId: organisation.id, userId: caller.id, memberUserId: member.id });
        return { ...toMembership(member, true), accountRole: role, accountRoleLabel: ROLE_LABELS[role] };
      });
    } catch (error) {
      // Two invitations racing past the check above meet the unique index instead.
      if (isEmailTaken(error)) throw AuthException.emailTaken();
      throw error;
    }
  }

  /** Makes a member an owner or a plain member; the last owner stays one. */
  async changeRole(user: AuthUser, memberUserId: string, dto: ChangeMemberRoleDto): Promise<OrganisationMembershipDto> {
    const member = await this.tx.run(async (manager) => {
      const { organisation, caller } = await this.lockAsOwner(user, manager);
      const target = await this.memberOf(organisation, memberUserId, manager);
      const from = target.organisationRole;
      if (from === dto.organisationRole) return target;
      if (dto.organisationRole !== OrganisationRole.Owner && leavesNoOwner(from, await this.users.countOwners(organisation.id, manager))) {
        throw OrganisationException.lastOwner();
      }
      await this.users.updateOrganisationRole(target.id, dto.organisationRole, manager);
      await this.audit.record(
        {
          actorUserId: caller.id,
          action: 'organisation.member_role_changed',
          subjectType: 'organisation',
          subjectId: organisation.id,
          details: { memberUserId: target.id, from, to: dto.organisationRole },
        },
        manager,
      );
      this.logger.log({ msg: 'member role changed', organisationId: organisation.id, userId: caller.id, memberUserId: target.id });
      return { ...target, organisationRole: dto.organisationRole };
    });
    return toMembership(member, true);
  }

  /** Removes a member from the organisation: their account is deleted and every session of theirs ends. */
  async remove(user: AuthUser, memberUserId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const { organisation, caller } = await this.lockAsOwner(user, manager);
      const target = await this.memberOf(organisation, memberUserId, manager);
      if (leavesNoOwner(target.organisationRole, await this.users.countOwners(organisation.id, manager))) throw OrganisationException.lastOwner();
      await this.users.delete(target.id, manager);
      await this.audit.record(
        {
          actorUserId: caller.id,
          action: 'organisation.member_removed',
          subjectType: 'organisation',
          subjectId: organisation.id,
          details: { memberUserId: target.id, organisationRole: target.organisationRole, role: target.role, activated: target.emailVerifiedAt !== null },
        },
        manager,
      );
      this.logger.log({ msg: 'member removed', organisationId: organisation.id, userId: caller.id, memberUserId: target.id });
    });
    // Deleting the account removed its sessions with it (cascade); ending them by name keeps this right if removal ever
    // deactivates accounts instead of deleting them.
    await this.sessions.destroyAllForUser(memberUserId);
  }

  /** A member of the caller's organisation, for an owner: 403 for non-owners, 404 for anyone else's member. */
  async findMember(user: AuthUser, memberUserId: string): Promise<OrganisationMembershipDto> {
    const caller = await this.assertOwner(user);
    const member = await this.users.findById(memberUserId);
    if (!member || member.organisationId !== caller.organisationId) throw OrganisationException.memberNotFound();
    return toMembership(member, true);
  }

  /** The caller, if they own their organisation (read, not locked: for pages to refuse early). */
  async assertOwner(user: AuthUser): Promise<User> {
    const caller = await this.users.findById(user.id);
    if (!caller?.organisationId) throw OrganisationException.noOrganisation();
    if (caller.organisationRole !== OrganisationRole.Owner) throw OrganisationException.membersOwnerOnly();
    return caller;
  }

  private async lockAsOwner(user: AuthUser, manager: EntityManager): Promise<{ organisation: Organisation; caller: User }> {
    const organisation = user.organisationId ? await this.organisations.findForUpdate(user.organisationId, manager) : null;
    // Read after the lock: an owner demoted a moment ago by another owner is no longer one.
    const caller = organisation ? await this.users.findById(user.id, manager) : null;
    if (!organisation || !caller || caller.organisationId !== organisation.id) throw OrganisationException.noOrganisation();
    if (caller.organisationRole !== OrganisationRole.Owner) throw OrganisationException.membersOwnerOnly();
    return { organisation, caller };
  }

  private async memberOf(organisation: Organisation, memberUserId: string, manager: EntityManager): Promise<User> {
    const member = await this.users.findById(memberUserId, manager);
    if (!member || member.organisationId !== organisation.id) throw OrganisationException.memberNotFound();
    return member;
  }
}
