import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { PageQuery } from '../../common/http/pagination';
import { DomainException } from '../../common/http/problem';
import { ORGANISATION_KIND_LABELS } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { infoMessage } from '../web/flash';
import { FormErrors, parseForm, parseQueryOrThrow } from '../web/form';
import { AddProgrammeMemberFormDto, CreateProgrammeDto, MAX_PROGRAMME_DESCRIPTION, MAX_PROGRAMME_NAME } from './dto/programme.dto';
import { ProgrammesService } from './programmes.service';

interface FormState {
  status?: number;
  errors?: FormErrors;
  message?: string;
  values?: Record<string, string>;
  info?: string;
}

/** A refused change becomes inline errors (400, 404 of a chosen organisation, 409 name taken); the rest goes to the error page. */
function formErrorsFrom(error: unknown): { status: number; errors: FormErrors; message?: string } {
  if (!(error instanceof DomainException) || ![400, 409].includes(error.status) || !error.errors?.length) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors) errors[e.field] ??= e.message;
  return { status: error.status, errors };
}

const ORGANISATION_ID_PARAM = idParam('organisationId');

/** Programme pages: the list (admins create there) and one programme with its organisations (admins add and remove them). */
@ApiExcludeController()
@Controller('coordination/programmes')
@Roles(Role.Coordinator, Role.Admin)
export class ProgrammePagesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() raw: Record<string, unknown>, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderList(user, res, parseQueryOrThrow(PageQuery, raw), { info: infoMessage(info) });
  }

  @Post()
  @Roles(Role.Admin)
  async create(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(CreateProgrammeDto, body);
    const query = new PageQuery();
    if (!form.ok) return this.renderList(user, res, query, { status: 400, errors: form.errors, values: form.values });
    let id: string;
    try {
      id = (await this.programmes.create(user, form.value)).id;
    } catch (error) {
      return this.renderList(user, res, query, { ...formErrorsFrom(error), values: stringValues(body) });
    }
    res.redirect(303, `/coordination/programmes/${id}?info=programme-cree`);
  }

  @Get(':id')
  async detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderDetail(user, res, id, { info: infoMessage(info) });
  }

  @Post(':id/membres')
  @Roles(Role.Admin)
  async addMember(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(AddProgrammeMemberFormDto, body);
    if (!form.ok) return this.renderDetail(user, res, id, { status: 400, errors: form.errors });
    try {
      await this.programmes.addMember(user, id, form.value.organisationId);
    } catch (error) {
      // The programme itself gone is a 404 page; an organisation that vanished from the list is a form error.
      if (error instanceof DomainException && error.code === 'programme.organisation_not_found') {
        return this.renderDetail(user, res, id, { status: 400, errors: { organisationId: 'Cette organisation n’existe plus : choisissez-en une autre.' } });
      }
      throw error;
    }
    res.redirect(303, `/coordination/programmes/${id}?info=membre-ajoute`);
  }

  @Post(':id/membres/:organisationId/retirer')
  @Roles(Role.Admin)
  async removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', ID_PARAM) id: string,
    @Param('organisationId', ORGANISATION_ID_PARAM) organisationId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.programmes.removeMember(user, id, organisationId);
    res.redirect(303, `/coordination/programmes/${id}?info=membre-retire`);
  }

  private async renderList(user: AuthUser, res: Response, query: PageQuery, state: FormState): Promise<void> {
    const result = await this.programmes.list(user, query);
    res.status(state.status ?? 200).render('pages/programmes/list', {
      title: 'Programmes',
      result,
      isAdmin: user.role === Role.Admin,
      previousPage: result.page > 1 ? result.page - 1 : null,
      nextPage: result.page < result.totalPages ? result.page + 1 : null,
      values: state.values ?? {},
      maxName: MAX_PROGRAMME_NAME,
      maxDescription: MAX_PROGRAMME_DESCRIPTION,
      errors: state.errors,
      message: state.message,
      info: state.info,
    });
  }

  private async renderDetail(user: AuthUser, res: Response, id: string, state: FormState): Promise<void> {
    const programme = await this.programmes.get(user, id);
    const isAdmin = user.role === Role.Admin;
    const addable = isAdmin ? await this.programmes.addable(id) : [];
    res.status(state.status ?? 200).render('pages/programmes/detail', {
      title: programme.name,
      programme,
      isAdmin,
      addable: addable.map((o) => ({ ...o, kindLabel: ORGANISATION_KIND_LABELS[o.kind] })),
      errors: state.errors,
      message: state.message,
      info: state.info,
    });
  }
}

function stringValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body === 'object' && body !== null) for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  return values;
}
