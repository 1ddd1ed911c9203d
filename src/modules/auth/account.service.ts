import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { hashPassword, verifyPassword } from '../../common/security/password';
import { fingerprintOf, SignedTokens } from '../../common/security/signed-token';
import { TransactionRunner } from '../../database/transaction-runner';
import { nonEssentialDescriptions } from '../../infra/mail/email-categories';
import { EmailPreferencesRepository } from '../../infra/mail/email-preferences.repository';
import { AuditService } from '../audit/audit.service';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationException } from '../organisations/organisation.exception';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { OrganisationRole, Role, User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AuthException } from './auth.exception';
import { ChangePasswordDto, LoginDto, PasswordResetDto, SignUpDto } from './dto/auth.dto';
import { EmailPreferencesDto } from './dto/email-preferences.dto';
import { LoginThrottleService } from './login-throttle.service';
import { SessionService } from './session.service';

/** Hash checked when the e-mail is unknown, so a login takes as long whether or not the account exists. */
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const isUniqueViolation = (error: unknown, constraint: string) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string; constraint?: string })?.code === '23505' &&
  (error.driverError as { constraint?: string }).constraint === constraint;

@Injectable()
export class AccountService {
  private readonly logger = new Logger(AccountService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly tx: TransactionRunner,
    private readonly emails: EmailOutboxService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: SignedTokens,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly emailPreferences: EmailPreferencesRepository,
  ) {}

  /** An employer signs up with their organisation, which waits for a coordinator's review. */
  async signUpEmployer(dto: SignUpDto): Promise<{ userId: string; organisationId: string }> {
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.tx.run(async (manager) => {
        if (await this.users.findByEmail(dto.email, manager)) throw AuthException.emailTaken();
        if (await this.organisations.findBySiret(dto.siret, manager)) throw OrganisationException.siretTaken();
        const organisation = await this.organisations.insert(
          { name: dto.organisationName, kind: dto.organisationKind, status: OrganisationStatus.Pending, siret: dto.siret },
          manager,
        );
        // Whoever signs the organisation up is its owner.
        const user = await this.users.insert(
          { email: dto.email, passwordHash, displayName: dto.displayName, role: Role.Employer, organisationId: organisation.id, organisationRole: OrganisationRole.Owner },
          manager,
        );
        await this.emails.queue(manager, 'verify-email', user.id);
        for (const reviewer of await this.users.findReviewers(manager)) {
          await this.emails.queue(manager, 'organisation-submitted', reviewer.id, { organisationId: organisation.id });
        }
        this.logger.log({ msg: 'employer signed up', userId: user.id, organisationId: organisation.id });
        return { userId: user.id, organisationId: organisation.id };
      });
    } catch (error) {
      // Two sign-ups racing past the checks above meet the unique indexes instead.
      if (isUniqueViolation(error, 'users_email_key')) throw AuthException.emailTaken();
      if (isUniqueViolation(error, 'organisations_siret_key')) throw OrganisationException.siretTaken();
      throw error;
    }
  }

  /** Checks credentials and opens a session; returns the session id for the cookie. */
  async login(dto: LoginDto, ip: string): Promise<{ sessionId: string; userId: string }> {
    const wait = await this.throttle.retryAfter(dto.email, ip);
    if (wait > 0) throw AuthException.tooManyAttempts(wait);
    const user = await this.users.findByEmail(dto.email);
    const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), dto.password);
    if (!user || !valid) {
      await this.throttle.recordFailure(dto.email, ip);
      this.logger.log({ msg: 'login failed', userId: user?.id });
      throw AuthException.invalidCredentials();
    }
    if (!user.emailVerifiedAt) throw AuthException.emailNotVerified();
    await this.throttle.reset(dto.email);
    await this.users.update(user.id, { lastLoginAt: this.clock.now() });
    const sessionId = await this.sessions.create(user.id);
    this.logger.log({ msg: 'login', userId: user.id });
    return { sessionId, userId: user.id };
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.destroy(sessionId);
  }

  async verifyEmail(token: string): Promise<void> {
    const claims = this.tokens.verify(token, 'verify-email', this.nowSeconds());
    const user = claims ? await this.users.findById(claims.userId) : null;
    if (!claims || !user || fingerprintOf(user.email) !== claims.fingerprint) throw AuthException.invalidToken();
    if (!user.emailVerifiedAt) await this.users.update(user.id, { emailVerifiedAt: this.clock.now() });
  }

  /** Always succeeds from the caller's view, so the answer does not reveal which e-mails have accounts. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    await this.tx.run((manager) => this.emails.queue(manager, 'password-reset', user.id));
  }

  /** Resends the confirmation link to an account that has not confirmed its address yet. */
  async resendVerification(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.emailVerifiedAt) return;
    await this.tx.run((manager) => this.emails.queue(manager, 'verify-email', user.id));
  }

  async resetPassword(dto: PasswordResetDto): Promise<void> {
    const claims = this.tokens.verify(dto.token, 'password-reset', this.nowSeconds());
    const user = claims ? await this.users.findById(claims.userId) : null;
    // The token is bound to the current hash: once used (or after any password change) it is dead.
    if (!claims || !user || fingerprintOf(user.passwordHash) !== claims.fingerprint) throw AuthException.invalidToken();
    const now = this.clock.now();
    // Following the link proves the address is theirs.
    await this.users.update(user.id, { passwordHash: await hashPassword(dto.password), passwordChangedAt: now, emailVerifiedAt: user.emailVerifiedAt ?? now });
    await this.sessions.destroyAllForUser(user.id);
    await this.throttle.reset(user.email);
    this.logger.log({ msg: 'password reset', userId: user.id });
  }

  /** Who an invitation link is for, to greet them on the page where they choose a password. */
  async invitationFor(token: string): Promise<{ displayName: string; email: string; organisationName: string }> {
    const { user, organisationId } = await this.invitedUser(token);
    const organisation = await this.organisations.findById(organisationId);
    if (!organisation) throw AuthException.invalidToken();
    return { displayName: user.displayName, email: user.email, organisationName: organisation.name };
  }

  /**
   * An invited member chooses their password: the link proves the address is theirs, so the account is
   * verified and signed in at once. Returns the new session's id for the cookie.
   */
  async acceptInvitation(dto: PasswordResetDto): Promise<{ sessionId: string; userId: string }> {
    const { user, organisationId } = await this.invitedUser(dto.token);
    const now = this.clock.now();
    const passwordHash = await hashPassword(dto.password);
    await this.tx.run(async (manager) => {
      // Compare-and-set on the placeholder hash the link is bound to: of two submissions of one link, one wins.
      const changes = { passwordHash, passwordChangedAt: now, emailVerifiedAt: user.emailVerifiedAt ?? now, lastLoginAt: now };
      if (!(await this.users.replacePasswordHash(user.id, user.passwordHash, changes, manager))) throw AuthException.invalidToken();
      const event = { actorUserId: user.id, action: 'organisation.invitation_accepted', subjectType: 'organisation', subjectId: organisationId, details: { memberUserId: user.id } };
      await this.audit.record(event, manager);
    });
    const sessionId = await this.sessions.create(user.id);
    this.logger.log({ msg: 'invitation accepted', userId: user.id, organisationId });
    return { sessionId, userId: user.id };
  }

  async changePassword(userId: string, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || !(await verifyPassword(user.passwordHash, dto.currentPassword))) throw AuthException.wrongCurrentPassword();
    await this.users.update(user.id, { passwordHash: await hashPassword(dto.newPassword), passwordChangedAt: this.clock.now() });
    this.logger.log({ msg: 'password changed', userId: user.id });
  }

  /** What the user receives by e-mail: essential e-mails always, the others as they chose. */
  async emailPreferencesOf(userId: string): Promise<EmailPreferencesDto> {
    const nonEssential = await this.emailPreferences.nonEssential(userId);
    if (nonEssential === null) throw AuthException.unauthenticated();
    return { nonEssential, nonEssentialCovers: nonEssentialDescriptions() };
  }

  async setEmailPreferences(userId: string, nonEssential: boolean): Promise<EmailPreferencesDto> {
    await this.emailPreferences.setNonEssential(userId, nonEssential);
    this.logger.log({ msg: 'e-mail preferences changed', userId, nonEssential });
    return this.emailPreferencesOf(userId);
  }

  /** The account an authentic, unexpired, unused invitation link is for. */
  private async invitedUser(token: string): Promise<{ user: User; organisationId: string }> {
    const claims = this.tokens.verify(token, 'invitation', this.nowSeconds());
    const user = claims ? await this.users.findById(claims.userId) : null;
    // Bound to the placeholder hash: once a password is chosen (here or by a reset), the link is dead.
    if (!claims || !user?.organisationId || fingerprintOf(user.passwordHash) !== claims.fingerprint) throw AuthException.invalidToken();
    return { user, organisationId: user.organisationId };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
