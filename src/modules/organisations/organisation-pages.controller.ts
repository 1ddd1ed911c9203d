import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { idParam } from '../../common/http/id-param';
import { DomainException } from '../../common/http/problem';
import { INVITATION_TTL_DAYS } from '../notifications/email-props.builder';
import { ORGANISATION_ROLE_LABELS, OrganisationRole, Role, ROLE_LABELS } from '../users/user.entity';
import { infoMessage } from '../web/flash';
import { FormErrors, parseForm } from '../web/form';
import { ChangeMemberRoleDto, InviteMemberDto } from './dto/organisation-members.dto';
import { MAX_ADDRESS_LENGTH, MAX_INTRODUCTION_CAP, UpdateEmployerSettingsDto, UpdateOrganisationProfileDto } from './dto/organisation-profile.dto';
import { OrganisationMembersService } from './organisation-members.service';
import { OrganisationProfileService } from './organisation-profile.service';
import { EMPLOYER_KINDS } from './organisation.entity';

const USER_ID_PARAM = idParam('userId');

/** Team forms also show conflicts inline (e-mail taken, last owner); a refusal of rights goes to the error page. */
const TEAM_INLINE_STATUSES = [400, 409];

const ORGANISATION_ROLE_OPTIONS = [OrganisationRole.Member, OrganisationRole.Owner].map((value) => ({ value, label: ORGANISATION_ROLE_LABELS[value] }));

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
  /** What the owner typed into the invitation form that failed. */
  inviteValues?: Record<string, string>;
  /** A refused change of one member, shown next to that member. */
  memberError?: { userId: string; message: string };
  info?: string;
}

@ApiExcludeController()
@Controller('organisation')
export class OrganisationPagesController {
  constructor(
    private readonly profiles: OrganisationProfileService,
    private readonly team: OrganisationMembersService,
  ) {}

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

  @Post('membres')
  async invite(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.team.assertOwner(user);
    const form = parseForm(InviteMemberDto, body);
    if (!form.ok) return this.render(user, res, { status: 400, errors: form.errors, inviteValues: form.values });
    try {
      await this.team.invite(user, form.value);
    } catch (error) {
      return this.render(user, res, { ...formErrorsFrom(error, TEAM_INLINE_STATUSES), inviteValues: stringValues(body) });
    }
    res.redirect(303, '/organisation?info=invitation-envoyee');
  }

  @Post('membres/:userId/role')
  async changeMemberRole(@CurrentUser() user: AuthUser, @Param('userId', USER_ID_PARAM) userId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    // Someone else's member is a 404 whatever the form holds.
    await this.team.findMember(user, userId);
    const form = parseForm(ChangeMemberRoleDto, body);
    if (!form.ok) return this.renderMemberError(user, res, userId, 400, Object.values(form.errors)[0]);
    try {
      await this.team.changeRole(user, userId, form.value);
    } catch (error) {
      const { status, errors, message } = formErrorsFrom(error, TEAM_INLINE_STATUSES);
      return this.renderMemberError(user, res, userId, status, message ?? Object.values(errors)[0]);
    }
    res.redirect(303, '/organisation?info=equipe-role-modifie#membres');
  }

  @Post('membres/:userId/retirer')
  async removeMember(@CurrentUser() user: AuthUser, @Param('userId', USER_ID_PARAM) userId: string, @Res() res: Response): Promise<void> {
    try {
      await this.team.remove(user, userId);
    } catch (error) {
      const { status, errors, message } = formErrorsFrom(error, TEAM_INLINE_STATUSES);
      return this.renderMemberError(user, res, userId, status, message ?? Object.values(errors)[0]);
    }
    // An owner who left has no session any more: the login page says what happened.
    res.redirect(303, userId === user.id ? '/connexion?info=equipe-vous-avez-quitte' : '/organisation?info=equipe-membre-retire#membres');
  }

  private renderMemberError(user: AuthUser, res: Response, userId: string, status: number, message: string | undefined): Promise<void> {
    const text = message ?? 'Cette modification n’a pas pu être enregistrée.';
    return this.render(user, res, { status, message: text, memberError: { userId, message: text } });
  }

  private async render(user: AuthUser, res: Response, state: PageState): Promise<void> {
    const organisation = await this.profiles.getMine(user);
    const members = await this.profiles.members(user);
    const settings = organisation.settings;
    // Partners' owners choose the account role; only a coordinator may hand out the coordinator role.
    const accountRoles = EMPLOYER_KINDS.includes(organisation.kind)
      ? []
      : [Role.Counsellor, ...(user.role === Role.Coordinator ? [Role.Coordinator] : [])].map((value) => ({ value, label: ROLE_LABELS[value] }));
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
      invite: state.inviteValues ?? { organisationRole: OrganisationRole.Member },
      organisationRoles: ORGANISATION_ROLE_OPTIONS,
      accountRoles: accountRoles.length > 1 ? accountRoles : null,
      invitationDays: INVITATION_TTL_DAYS,
      memberError: state.memberError,
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
function formErrorsFrom(error: unknown, inlineStatuses: readonly number[] = [400]): { status: number; errors: FormErrors; message?: string } {
  if (!(error instanceof DomainException) || !inlineStatuses.includes(error.status)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors, message: error.errors?.length ? undefined : error.detail };
}
