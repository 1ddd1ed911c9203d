import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Public } from '../../common/auth/decorators';
import { DomainException } from '../../common/http/problem';
import { PASSWORD_RULE } from '../../common/security/password';
import { AccountService } from '../auth/account.service';
import { ChangePasswordDto, EmailOnlyDto, LoginDto, PasswordResetDto, SignUpDto } from '../auth/dto/auth.dto';
import { EmailPreferencesFormDto } from '../auth/dto/email-preferences.dto';
import { toMe } from '../auth/dto/session.dto';
import { SESSION_COOKIE, SessionMiddleware } from '../auth/session.middleware';
import { EMPLOYER_KINDS, ORGANISATION_KIND_LABELS } from '../organisations/organisation.entity';
import { infoMessage } from './flash';
import { FormErrors, parseForm, safeRedirect } from './form';

const KIND_OPTIONS = EMPLOYER_KINDS.map((value) => ({ value, label: ORGANISATION_KIND_LABELS[value] }));

/** Shown after the e-mail preferences form (the shared INFO_MESSAGES are for the other pages' redirects). */
const ACCOUNT_INFO: Record<string, string> = {
  'notifications-activees': 'Vous recevrez les e-mails non essentiels.',
  'notifications-desactivees': 'Vous ne recevrez plus les e-mails non essentiels. Les e-mails essentiels restent envoyés.',
};

/** Turns a domain error into form errors, or rethrows what a form cannot show. */
function formErrorsFrom(error: unknown): { status: number; errors: FormErrors; message: string } {
  if (!(error instanceof DomainException) || error.status >= 500) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors, message: error.detail };
}

@ApiExcludeController()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly accounts: AccountService,
    private readonly session: SessionMiddleware,
  ) {}

  @Public()
  @Get('inscription')
  signUpPage(@Res() res: Response): void {
    res.render('pages/signup', { title: 'Inscription employeur', kinds: KIND_OPTIONS, values: {}, passwordRule: PASSWORD_RULE });
  }

  @Public()
  @Post('inscription')
  async signUp(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(SignUpDto, body);
    const render = (status: number, errors: FormErrors, values: Record<string, string>, message?: string) =>
      res.status(status).render('pages/signup', { title: 'Inscription employeur', kinds: KIND_OPTIONS, values, errors, message, passwordRule: PASSWORD_RULE });
    if (!form.ok) return render(400, form.errors, form.values);
    try {
      await this.accounts.signUpEmployer(form.value);
    } catch (error) {
      const { status, errors, message } = formErrorsFrom(error);
      const { password: _password, ...values } = form.value;
      return render(status, errors, values as unknown as Record<string, string>, message);
    }
    res.redirect(303, '/connexion?info=inscription');
  }

  @Public()
  @Get('connexion')
  loginPage(@Query('info') info: unknown, @Query('suite') next: unknown, @Res() res: Response): void {
    res.render('pages/login', { title: 'Connexion', info: infoMessage(info), next: safeRedirect(next, ''), values: {} });
  }

  @Public()
  @Post('connexion')
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeRedirect(body?.suite, '/');
    const form = parseForm(LoginDto, body, ['suite']);
    const render = (status: number, errors: FormErrors, values: Record<string, string>, message?: string, unverified = false) =>
      res.status(status).render('pages/login', { title: 'Connexion', values, errors, message, next, unverified });
    if (!form.ok) return render(400, form.errors, form.values);
    try {
      const { sessionId } = await this.accounts.login(form.value, req.ip ?? 'unknown');
      this.session.setSessionCookie(res, sessionId);
    } catch (error) {
      const { status, message } = formErrorsFrom(error);
      if (error instanceof DomainException && error.headers) for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
      const unverified = error instanceof DomainException && error.code === 'auth.email_not_verified';
      return render(status, {}, { email: form.value.email }, message, unverified);
    }
    res.redirect(303, next);
  }

  @Public()
  @Post('deconnexion')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (req.sessionId) await this.accounts.logout(req.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/connexion?info=deconnecte');
  }

  @Public()
  @Get('verifier-email')
  async verifyEmail(@Query('jeton') token: unknown, @Res() res: Response): Promise<void> {
    try {
      await this.accounts.verifyEmail(typeof token === 'string' ? token : '');
    } catch (error) {
      const { status, message } = formErrorsFrom(error);
      return res.status(status).render('pages/message', { title: 'Lien invalide', message, resend: true });
    }
    res.redirect(303, '/connexion?info=email-confirme');
  }

  @Public()
  @Post('verifier-email/renvoyer')
  async resendVerification(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(EmailOnlyDto, body);
    if (form.ok) await this.accounts.resendVerification(form.value.email);
    res.redirect(303, '/connexion?info=lien-envoye');
  }

  @Public()
  @Get('mot-de-passe-oublie')
  forgotPage(@Res() res: Response): void {
    res.render('pages/forgot-password', { title: 'Mot de passe oublié', values: {} });
  }

  @Public()
  @Post('mot-de-passe-oublie')
  async forgot(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(EmailOnlyDto, body);
    if (!form.ok) return res.status(400).render('pages/forgot-password', { title: 'Mot de passe oublié', values: form.values, errors: form.errors });
    await this.accounts.requestPasswordReset(form.value.email);
    res.redirect(303, '/connexion?info=lien-envoye');
  }

  @Public()
  @Get('reinitialiser-mot-de-passe')
  resetPage(@Query('jeton') token: unknown, @Res() res: Response): void {
    res.render('pages/reset-password', { title: 'Nouveau mot de passe', token: typeof token === 'string' ? token : '', passwordRule: PASSWORD_RULE });
  }

  @Public()
  @Post('reinitialiser-mot-de-passe')
  async reset(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(PasswordResetDto, body);
    const token = typeof (body as Record<string, unknown>)?.token === 'string' ? (body as Record<string, string>).token : '';
    const render = (status: number, errors: FormErrors, message?: string) =>
      res.status(status).render('pages/reset-password', { title: 'Nouveau mot de passe', token, errors, message, passwordRule: PASSWORD_RULE });
    if (!form.ok) return render(400, form.errors, form.errors.token);
    try {
      await this.accounts.resetPassword(form.value);
    } catch (error) {
      const { status, errors, message } = formErrorsFrom(error);
      return render(status, errors, message);
    }
    res.redirect(303, '/connexion?info=mot-de-passe-reinitialise');
  }

  @Get('compte')
  async accountPage(@CurrentUser() user: AuthUser, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const notice = typeof info === 'string' && Object.hasOwn(ACCOUNT_INFO, info) ? ACCOUNT_INFO[info] : infoMessage(info);
    await this.renderAccount(user, res, { info: notice });
  }

  @Post('compte/mot-de-passe')
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(ChangePasswordDto, body);
    if (!form.ok) return this.renderAccount(user, res, { status: 400, errors: form.errors });
    try {
      await this.accounts.changePassword(user.id, form.value);
    } catch (error) {
      const { status, errors } = formErrorsFrom(error);
      return this.renderAccount(user, res, { status, errors });
    }
    res.redirect(303, '/compte?info=mot-de-passe-modifie');
  }

  @Post('compte/notifications')
  async changeEmailPreferences(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(EmailPreferencesFormDto, body);
    if (!form.ok) return this.renderAccount(user, res, { status: 400, errors: form.errors });
    const nonEssential = form.value.nonEssential === '1';
    await this.accounts.setEmailPreferences(user.id, nonEssential);
    res.redirect(303, `/compte?info=${nonEssential ? 'notifications-activees' : 'notifications-desactivees'}`);
  }

  private async renderAccount(user: AuthUser, res: Response, state: { status?: number; errors?: FormErrors; info?: string }): Promise<void> {
    const emailPreferences = await this.accounts.emailPreferencesOf(user.id);
    res.status(state.status ?? 200).render('pages/account', {
      title: 'Mon compte',
      me: toMe(user),
      info: state.info,
      errors: state.errors,
      passwordRule: PASSWORD_RULE,
      emailPreferences,
    });
  }
}
