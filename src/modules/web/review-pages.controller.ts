import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { ListOrganisationsQuery, RefuseOrganisationDto, SuspendOrganisationDto } from '../organisations/dto/organisation.dto';
import { ORGANISATION_STATUS_LABELS, OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Role } from '../users/user.entity';
import { infoMessage } from './flash';
import { FormErrors, parseForm } from './form';

interface ReviewPageState {
  status?: number;
  title?: string;
  errors?: FormErrors;
  message?: string;
  /** What the reviewer typed into the form that failed, shown back. */
  values?: Record<string, string>;
  info?: string;
}

const STATUS_TABS = Object.values(OrganisationStatus).map((value) => ({ value, label: ORGANISATION_STATUS_LABELS[value] }));

@ApiExcludeController()
@Controller('coordination/organisations')
@Roles(Role.Coordinator, Role.Admin)
export class ReviewPagesController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  async queue(@Query('statut') status: unknown, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const query = plainToInstance(ListOrganisationsQuery, {
      status: typeof status === 'string' && status ? status : OrganisationStatus.Pending,
      page: typeof page === 'string' ? page : '1',
      pageSize: '20',
    });
    if (validateSync(query).length) throw new ValidationFailedException([{ field: 'statut', message: 'Filtre invalide.' }]);
    const result = await this.organisations.list(query);
    res.render('pages/review-queue', {
      title: 'Organisations à valider',
      result,
      tabs: STATUS_TABS.map((t) => ({ ...t, current: t.value === query.status })),
      statusLabel: ORGANISATION_STATUS_LABELS[query.status ?? OrganisationStatus.Pending],
      status: query.status,
      previousPage: result.page > 1 ? result.page - 1 : null,
      nextPage: result.page < result.totalPages ? result.page + 1 : null,
      info: infoMessage(info),
    });
  }

  @Get(':id')
  async detail(@Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderReview(id, res, { info: infoMessage(info) });
  }

  @Post(':id/valider')
  async approve(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.organisations.approve(id, user.id);
    res.redirect(303, '/coordination/organisations?info=organisation-validee');
  }

  @Post(':id/refuser')
  async refuse(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(RefuseOrganisationDto, body);
    const title = 'Refuser une organisation';
    if (!form.ok) return this.renderReview(id, res, { status: 400, title, errors: form.errors, values: form.values });
    if (!(await this.decided(id, res, title, () => this.organisations.refuse(id, user.id, form.value.reason)))) return;
    res.redirect(303, '/coordination/organisations?info=organisation-refusee');
  }

  @Post(':id/suspendre')
  async suspend(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(SuspendOrganisationDto, body);
    const title = 'Suspendre une organisation';
    if (!form.ok) return this.renderReview(id, res, { status: 400, title, errors: form.errors, values: form.values });
    if (!(await this.decided(id, res, title, () => this.organisations.suspend(id, user.id, form.value.reason)))) return;
    res.redirect(303, `/coordination/organisations/${id}?info=organisation-suspendue`);
  }

  @Post(':id/retablir')
  async reinstate(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    // Like approval, the form carries nothing but its CSRF token: the decision is the click itself.
    if (!(await this.decided(id, res, 'Rétablir une organisation', () => this.organisations.reinstate(id, user.id)))) return;
    res.redirect(303, `/coordination/organisations/${id}?info=organisation-retablie`);
  }

  /**
   * Runs a decision; one the service refuses (e.g. the status changed meanwhile) re-renders the page with its
   * French detail and returns false. A missing organisation (404) and server errors go to the error page.
   */
  private async decided(id: string, res: Response, title: string, decide: () => Promise<unknown>): Promise<boolean> {
    try {
      await decide();
      return true;
    } catch (error) {
      if (!(error instanceof DomainException) || error.status >= 500 || error.status === 404) throw error;
      await this.renderReview(id, res, { status: error.status, title, message: error.detail });
      return false;
    }
  }

  /** The review page, with the forms the organisation's current status allows. */
  private async renderReview(id: string, res: Response, state: ReviewPageState = {}): Promise<void> {
    const organisation = await this.organisations.get(id);
    res.status(state.status ?? 200).render('pages/organisation-review', {
      title: state.title ?? organisation.name,
      organisation,
      pending: organisation.status === OrganisationStatus.Pending,
      active: organisation.status === OrganisationStatus.Active,
      suspended: organisation.status === OrganisationStatus.Suspended,
      errors: state.errors,
      message: state.message,
      values: state.values ?? {},
      info: state.info,
    });
  }
}
