import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Page, PageQuery, toPage } from '../../common/http/pagination';
import { DomainException } from '../../common/http/problem';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { CandidateProfilesRepository, PublishedProfileFilter } from './candidate-profiles.repository';
import { EmployerProfileDto, toEmployerView } from './employer-view.mapper';
import { AnonymityReport, anonymityReport, quasiIdentifiersOf } from './k-anonymity';

const INACTIVE_DETAILS: Record<Exclude<OrganisationStatus, OrganisationStatus.Active>, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : vous pourrez consulter les profils dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous ne pouvez pas consulter les profils.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : la consultation des profils est bloquée. Contactez la coordination.',
};

/** Same alphabet and lengths as the `candidate_profiles.code` check: anything else cannot exist. */
const PROFILE_CODE_FORMAT = /^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$/;

export class EmployerProfileException extends DomainException {
  static notFound() {
    return new EmployerProfileException('employer_profile.not_found', HttpStatus.NOT_FOUND, 'Profil introuvable ou qui n’est plus publié.');
  }
  static notEmployerOrganisation() {
    return new EmployerProfileException(
      'employer_profile.not_employer_organisation',
      HttpStatus.FORBIDDEN,
      'Seuls les membres d’une organisation employeuse (entreprise, agence d’intérim, organisme de formation, structure d’insertion) consultent les profils publiés.',
    );
  }
  static organisationInactive(status: Exclude<OrganisationStatus, OrganisationStatus.Active>) {
    return new EmployerProfileException('employer_profile.organisation_inactive', HttpStatus.FORBIDDEN, INACTIVE_DETAILS[status]);
  }
}

/** Who reads: an employer (whose reads are audited) or staff previewing the employer view. */
type Reader = { kind: 'employer'; organisationId: string } | { kind: 'staff' };

/** An employer's organisation, which must be of an employer kind and active; throws a 403 saying why. */
export function activeEmployerReader(user: AuthUser): string {
  if (!user.organisationId || !user.organisationKind || !EMPLOYER_KINDS.includes(user.organisationKind)) throw EmployerProfileException.notEmployerOrganisation();
  const status = user.organisationStatus ?? OrganisationStatus.Pending;
  if (status !== OrganisationStatus.Active) throw EmployerProfileException.organisationInactive(status);
  return user.organisationId;
}

const SUBJECT = 'candidate_profile';

/**
 * Published profiles as employers see them, through the one mapper of the employer view. Every read by an
 * employer is audited in the transaction of the read (DESIGN.md §2), so no profile is shown without a trace;
 * coordinators and admins preview the same view without being recorded as employer readers.
 */
@Injectable()
export class EmployerProfilesService {
  constructor(
    private readonly profiles: CandidateProfilesRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  private reader(user: AuthUser): Reader {
    if (user.role === Role.Coordinator || user.role === Role.Admin) return { kind: 'staff' };
    if (user.role === Role.Employer) return { kind: 'employer', organisationId: activeEmployerReader(user) };
    throw EmployerProfileException.notEmployerOrganisation();
  }

  async list(user: AuthUser, filter: PublishedProfileFilter, page: PageQuery): Promise<Page<EmployerProfileDto>> {
    const reader = this.reader(user);
    return this.tx.run(async (manager) => {
      const { rows, total } = await this.profiles.listPublished(filter, page.offset, page.pageSize, manager);
      const items = rows.map(toEmployerView);
      if (reader.kind === 'employer') {
        // Codes are pseudonyms, not personal data; a page holds at most 100, well within the audit size limit.
        await this.audit.record(
          {
            actorUserId: user.id,
            action: 'profile.listed_for_employer',
            subjectType: 'organisation',
            subjectId: reader.organisationId,
            details: { count: items.length, codes: items.map((p) => p.code) },
          },
          manager,
        );
      }
      return toPage(items, total, page);
    });
  }

  async get(user: AuthUser, code: string): Promise<EmployerProfileDto> {
    const reader = this.reader(user);
    if (!PROFILE_CODE_FORMAT.test(code)) throw EmployerProfileException.notFound();
    return this.tx.run(async (manager) => {
      const row = await this.profiles.findPublishedByCode(code, manager);
      if (!row) throw EmployerProfileException.notFound();
      if (reader.kind === 'employer') {
        await this.audit.record(
          { actorUserId: user.id, action: 'profile.read_by_employer', subjectType: SUBJECT, subjectId: row.id, details: { organisationId: reader.organisationId } },
          manager,
        );
      }
      return toEmployerView(row);
    });
  }

  /** k-anonymity of what employers can see, over the whole published set. */
  async anonymity(): Promise<AnonymityReport> {
    const rows = await this.profiles.publishedQuasiIdentifiers();
    return anonymityReport(rows.map(quasiIdentifiersOf));
  }
}
