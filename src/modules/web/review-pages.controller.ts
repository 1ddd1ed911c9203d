import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { ListOrganisationsQuery, RefuseOrganisationDto } from '../organisations/dto/organisation.dto';
import { ORGANISATION_STATUS_LABELS, OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Role } from '../users/user.entity';
import { infoMessage } from './flash';
import { parseForm } from './form';

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
  async detail(@Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const organisation = await this.organisations.get(id);
    res.render('pages/organisation-review', { title: organisation.name, organisation, pending: organisation.status === OrganisationStatus.Pending });
  }

  @Post(':id/valider')
  async approve(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.organisations.approve(id, user.id);
    res.redirect(303, '/coordination/organisations?info=organisation-validee');
  }

  @Post(':id/refuser')
  async refuse(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(RefuseOrganisationDto, body);
    const renderError = async (status: number, errors: Record<string, string>, message?: string) =>
      res.status(status).render('pages/organisation-review', {
        title: 'Refuser une organisation',
        organisation: await this.organisations.get(id),
        pending: true,
        errors,
        message,
        values: form.ok ? {} : form.values,
      });
    if (!form.ok) return renderError(400, form.errors);
    try {
      await this.organisations.refuse(id, user.id, form.value.reason);
    } catch (error) {
      if (error instanceof DomainException && error.status < 500 && error.status !== 404) return renderError(error.status, {}, error.detail);
      throw error;
    }
    res.redirect(303, '/coordination/organisations?info=organisation-refusee');
  }
}
