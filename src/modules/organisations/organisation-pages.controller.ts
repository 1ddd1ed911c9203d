import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { DomainException } from '../../common/http/problem';
import { OrganisationRole } from '../users/user.entity';
import { infoMessage } from '../web/flash';
import { FormErrors, parseForm } from '../web/form';
import { MAX_ADDRESS_LENGTH, MAX_INTRODUCTION_CAP, UpdateEmployerSettingsDto, UpdateOrganisationProfileDto } from './dto/organisation-profile.dto';
import { OrganisationProfileService } from './organisation-profile.service';

/** HTML forms send strings and omit unticked boxes: turn them into the API's JSON shape before validation. */
function settingsFromForm(body: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> = typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
  const cap = typeof raw.monthlyIntroductionCap === 'string' ? raw.monthlyIntroductionCap.trim() : raw.monthlyIntroductionCap;
  return {
    ...raw,
    monthlyIntroductionCap: cap === '' || cap === undefined ? null : typeof cap === 'string' && /^\d{1,9}$/.test(cap) ? Number(cap) : cap,
    notifyNewProfiles: raw.notifyNewProfiles === 'on',
    notifyWeeklyDigest: raw.notifyWeeklyDigest === 'on',
  };
}

interface PageState {
  status?: number;
  errors?: FormErrors;
  message?: string;
  /** What the owner typed into the form that failed, shown back instead of the stored values. */
  profileValues?: Record<string, string>;
  settingsValues?: Record<string, unknown>;
  info?: string;
}

@ApiExcludeController()
@Controller('organisation')
export class OrganisationPagesController {
  constructor(private readonly profiles: OrganisationProfileService) {}

  @Get()
  async page(@CurrentUser() user: AuthUser, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.render(user, res, { info: infoMessage(info) });
  }

  @Post('profil')
  async updateProfile(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(UpdateOrganisationProfileDto, body);
    if (!form.ok) return this.render(user, res, { status: 400, errors: form.errors, profileValues: form.values });
    try {
      await this.profiles.updateMine(user, form.value);
    } catch (error) {
      return this.render(user, res, { ...formErrorsFrom(error), profileValues: stringValues(body) });
    }
    res.redirect(303, '/organisation?info=organisation-profil-modifie');
  }

  @Post('reglages')
  async updateSettings(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const values = settingsFromForm(body);
    const form = parseForm(UpdateEmployerSettingsDto, values);
    if (!form.ok) return this.render(user, res, { status: 400, errors: form.errors, settingsValues: values });
    try {
      await this.profiles.updateSettings(user, form.value);
    } catch (error) {
      return this.render(user, res, { ...formErrorsFrom(error), settingsValues: values });
    }
    res.redirect(303, '/organisation?info=organisation-reglages-modifies');
  }

  @Post('charte')
  async acceptCharter(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    // The form carries nothing but its CSRF token: acceptance is the click itself.
    await this.profiles.acceptCharter(user);
    res.redirect(303, '/organisation?info=charte-acceptee');
  }

  private async render(user: AuthUser, res: Response, state: PageState): Promise<void> {
    const organisation = await this.profiles.getMine(user);
    const members = await this.profiles.members(user);
    const settings = organisation.settings;
    res.status(state.status ?? 200).render('pages/organisation-profile', {
      title: 'Mon organisation',
      organisation,
      members,
      isOwner: organisation.myRole === OrganisationRole.Owner,
      profile: state.profileValues ?? {
        name: organisation.name,
        nafCode: organisation.nafCode ?? '',
        addressLine: organisation.addressLine ?? '',
        communeCode: organisation.commune?.code ?? '',
      },
      settingsForm: settings && (state.settingsValues ?? settings),
      maxAddressLength: MAX_ADDRESS_LENGTH,
      maxCap: MAX_INTRODUCTION_CAP,
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

/** A refused change becomes inline errors; what a form cannot show (403, 5xx) goes to the error page. */
function formErrorsFrom(error: unknown): { status: number; errors: FormErrors; message?: string } {
  if (!(error instanceof DomainException) || error.status !== 400) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors, message: error.errors?.length ? undefined : error.detail };
}
