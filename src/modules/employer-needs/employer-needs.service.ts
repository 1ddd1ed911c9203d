import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { FieldError, ValidationFailedException } from '../../common/http/problem';
import { TransactionRunner } from '../../database/transaction-runner';
import { Role } from '../users/user.entity';
import { CreateEmployerNeedDto, EmployerNeedDto, ListEmployerNeedsQuery, UpdateEmployerNeedDto } from './dto/employer-need.dto';
import { activeEmployerOrganisation } from './employer-access';
import { CONTRACT_TYPE_LABELS, EMPLOYER_NEED_STATUS_LABELS, EmployerNeedStatus, NEED_SOLUTION_LABELS } from './employer-need';
import { EmployerNeedException } from './employer-need.exception';
import { NeedAction, nextStatus, parisDate, publishBlockers, windowErrors } from './employer-need-rules';
import { EmployerNeedRecord, EmployerNeedRow, EmployerNeedsRepository, EmployerNeedValues } from './employer-needs.repository';

const toDto = (row: EmployerNeedRow): EmployerNeedDto => ({
  id: row.id,
  organisationId: row.organisationId,
  organisationName: row.organisationName,
  romeCode: row.romeCode,
  romeLabel: row.romeLabel,
  appellationCode: row.appellationCode,
  appellationLabel: row.appellationLabel,
  contractType: row.contractType,
  contractTypeLabel: CONTRACT_TYPE_LABELS[row.contractType],
  positions: row.positions,
  communeCode: row.communeCode,
  communeName: row.communeName,
  basinCode: row.basinCode,
  basinName: row.basinName,
  startFrom: row.startFrom,
  startUntil: row.startUntil,
  requirements: row.requirements,
  solutions: row.solutions,
  solutionLabels: row.solutions.map((s) => NEED_SOLUTION_LABELS[s]),
  status: row.status,
  statusLabel: EMPLOYER_NEED_STATUS_LABELS[row.status],
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
  publishedAt: row.publishedAt ? new Date(row.publishedAt).toISOString() : null,
  staleWarningSentAt: row.staleWarningSentAt ? new Date(row.staleWarningSentAt).toISOString() : null,
});

const valuesOf = (record: EmployerNeedRecord): EmployerNeedValues => ({
  romeCode: record.romeCode,
  appellationCode: record.appellationCode,
  contractType: record.contractType,
  positions: record.positions,
  communeCode: record.communeCode,
  basinCode: record.basinCode,
  startFrom: record.startFrom,
  startUntil: record.startUntil,
  requirements: record.requirements,
  solutions: record.solutions,
});

const sameValues = (a: EmployerNeedValues, b: EmployerNeedValues) =>
  (Object.keys(a) as (keyof EmployerNeedValues)[]).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));

/**
 * Employer needs: employers of an active organisation manage their own; coordinators and admins read all.
 * Another organisation's need answers 404, as if it did not exist.
 */
@Injectable()
export class EmployerNeedsService {
  private readonly logger = new Logger(EmployerNeedsService.name);

  constructor(
    private readonly needs: EmployerNeedsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The organisation an employer is confined to, or null for staff who read every organisation. */
  private scope(user: AuthUser): string | null {
    return user.role === Role.Employer ? activeEmployerOrganisation(user) : null;
  }

  private today(): string {
    return parisDate(this.clock.now());
  }

  async list(user: AuthUser, query: ListEmployerNeedsQuery): Promise<Page<EmployerNeedDto>> {
    const own = this.scope(user);
    if (own && query.organisationId && query.organisationId !== own) {
      throw new ValidationFailedException([{ field: 'organisationId', message: 'Ce filtre est réservé à la coordination : vous voyez les besoins de votre organisation.' }]);
    }
    const { rows, total } = await this.needs.list({ organisationId: own ?? query.organisationId, status: query.status }, query.offset, query.pageSize);
    return toPage(rows.map(toDto), total, query);
  }

  async get(user: AuthUser, id: string): Promise<EmployerNeedDto> {
    const own = this.scope(user);
    const row = await this.needs.findById(id);
    if (!row || (own && row.organisationId !== own)) throw EmployerNeedException.notFound();
    return toDto(row);
  }

  async create(user: AuthUser, dto: CreateEmployerNeedDto): Promise<EmployerNeedDto> {
    const organisationId = activeEmployerOrganisation(user);
    const values = {
      romeCode: dto.romeCode,
      appellationCode: dto.appellationCode ?? null,
      contractType: dto.contractType,
      positions: dto.positions,
      communeCode: dto.communeCode,
      startFrom: dto.startFrom ?? null,
      startUntil: dto.startUntil ?? null,
      requirements: dto.requirements ?? null,
      solutions: dto.solutions ?? [],
    };
    const place = await this.basinOf(values.communeCode);
    const errors = [...(await this.occupationErrors(values)), ...place.errors, ...windowErrors(values.startFrom, values.startUntil, this.today())];
    if (errors.length || !place.basinCode) throw new ValidationFailedException(errors);
    const id = await this.needs.insert({ ...values, basinCode: place.basinCode, organisationId, createdBy: user.id, now: this.clock.now() });
    this.logger.log({ msg: 'employer need created', needId: id, organisationId, userId: user.id });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, dto: UpdateEmployerNeedDto): Promise<EmployerNeedDto> {
    const organisationId = activeEmployerOrganisation(user);
    const changed = await this.tx.run(async (manager) => {
      const current = await this.needs.lock(id, manager);
      if (!current || current.organisationId !== organisationId) throw EmployerNeedException.notFound();
      if (current.status === EmployerNeedStatus.Closed) throw EmployerNeedException.closedNotEditable();
      const patch = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<EmployerNeedValues>;
      const next: EmployerNeedValues = { ...valuesOf(current), ...patch };
      const has = (field: keyof UpdateEmployerNeedDto) => field in patch;

      const errors: FieldError[] = [];
      if (has('romeCode') || has('appellationCode')) errors.push(...(await this.occupationErrors(next)));
      if (has('communeCode')) {
        const place = await this.basinOf(next.communeCode);
        errors.push(...place.errors);
        if (place.basinCode) next.basinCode = place.basinCode;
      }
      const windowChanged = has('startFrom') || has('startUntil');
      if (windowChanged) errors.push(...windowErrors(next.startFrom, next.startUntil, this.today()));
      if (errors.length) throw new ValidationFailedException(errors);
      // A published need stays complete: to withdraw it, the employer closes it.
      if (current.status === EmployerNeedStatus.Published && windowChanged) {
        const blockers = publishBlockers(next, this.today());
        if (blockers.length) throw EmployerNeedException.publishedMustStayComplete(blockers);
      }
      if (sameValues(valuesOf(current), next)) return false;
      await this.needs.update(id, next, this.clock.now(), manager);
      return true;
    });
    if (changed) this.logger.log({ msg: 'employer need updated', needId: id, organisationId, userId: user.id });
    return this.get(user, id);
  }

  publish(user: AuthUser, id: string): Promise<EmployerNeedDto> {
    return this.transition(user, id, 'publish');
  }

  close(user: AuthUser, id: string): Promise<EmployerNeedDto> {
    return this.transition(user, id, 'close');
  }

  private async transition(user: AuthUser, id: string, action: NeedAction): Promise<EmployerNeedDto> {
    const organisationId = activeEmployerOrganisation(user);
    const status = await this.tx.run(async (manager) => {
      const current = await this.needs.lock(id, manager);
      if (!current || current.organisationId !== organisationId) throw EmployerNeedException.notFound();
      const target = nextStatus(current.status, action);
      if (!target) throw EmployerNeedException.invalidTransition(action, current.status);
      if (action === 'publish') {
        const blockers = publishBlockers(current, this.today());
        if (blockers.length) throw EmployerNeedException.notPublishable(blockers);
      }
      await this.needs.setStatus(id, target, this.clock.now(), manager);
      return target;
    });
    this.logger.log({ msg: 'employer need status changed', needId: id, organisationId, status, userId: user.id });
    return this.get(user, id);
  }

  /**
   * The INSEE code a commune field typed by a person means: an existing INSEE code stays; otherwise a postcode
   * of a single commune becomes that commune's code, and one shared by several communes is an error naming
   * them. Anything else is returned as typed, for the DTO and create/update to judge.
   */
  async communeCodeFor(typed: string): Promise<{ code: string; errors: FieldError[] }> {
    const code = typed.replace(/\s+/g, '').toUpperCase();
    if (!/^[0-9]{5}$/.test(code) || (await this.needs.findCommune(code))) return { code: typed, errors: [] };
    const communes = await this.needs.communesWithPostcode(code);
    if (communes.length === 1) return { code: communes[0].inseeCode, errors: [] };
    if (communes.length === 0) return { code: typed, errors: [] };
    const names = communes.map((c) => `${c.name ?? c.inseeCode} (${c.inseeCode})`).join(', ');
    return { code: typed, errors: [{ field: 'communeCode', message: `Le code postal ${code} couvre plusieurs communes : ${names}. Indiquez le code INSEE de la vôtre.` }] };
  }

  /** The occupation must exist, and the appellation, when given, must be one of its own. */
  private async occupationErrors(values: Pick<EmployerNeedValues, 'romeCode' | 'appellationCode'>): Promise<FieldError[]> {
    const occupation = await this.needs.findOccupation(values.romeCode);
    if (!occupation) return [{ field: 'romeCode', message: `Code ROME inconnu « ${values.romeCode} » : choisissez un métier du répertoire ROME.` }];
    if (values.appellationCode === null) return [];
    const appellation = await this.needs.findAppellation(values.appellationCode);
    if (!appellation) return [{ field: 'appellationCode', message: `Appellation inconnue « ${values.appellationCode} ».` }];
    if (appellation.romeCode !== occupation.code) {
      return [
        {
          field: 'appellationCode',
          message: `L’appellation « ${appellation.label} » relève du métier ${appellation.romeCode}, pas de ${occupation.code} (« ${occupation.label} »).`,
        },
      ];
    }
    return [];
  }

  /** The basin a need takes from its commune: the commune must exist and belong to an employment basin. */
  private async basinOf(communeCode: string): Promise<{ basinCode?: string; errors: FieldError[] }> {
    const commune = await this.needs.findCommune(communeCode);
    if (!commune) return { errors: [{ field: 'communeCode', message: `Commune inconnue (code INSEE « ${communeCode} »).` }] };
    if (!commune.basinCode) {
      const name = commune.name ?? communeCode;
      return { errors: [{ field: 'communeCode', message: `La commune ${name} (${communeCode}) n’est rattachée à aucun bassin d’emploi : choisissez une commune voisine.` }] };
    }
    return { basinCode: commune.basinCode, errors: [] };
  }
}
