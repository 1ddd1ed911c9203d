import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Public } from '../../common/auth/decorators';
import { AccountService } from './account.service';
import { ChangePasswordDto, EmailOnlyDto, LoginDto, PasswordResetDto, SignUpDto, TokenDto } from './dto/auth.dto';
import { EmailPreferencesDto, UpdateEmailPreferencesDto } from './dto/email-preferences.dto';
import { AcceptedDto, MeDto, SessionDto, toMe } from './dto/session.dto';
import { SESSION_COOKIE, SessionMiddleware } from './session.middleware';

const accepted = (detail: string): AcceptedDto => ({ accepted: true, detail });

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountService,
    private readonly session: SessionMiddleware,
  ) {}

  @Public()
  @Post('signup')
  @ApiCreatedResponse({ description: 'Compte et organisation créés ; l’organisation attend la validation.' })
  async signUp(@Body() dto: SignUpDto): Promise<{ userId: string; organisationId: string; detail: string }> {
    const ids = await this.accounts.signUpEmployer(dto);
    return { ...ids, detail: 'Compte créé. Confirmez votre adresse e-mail ; votre organisation sera examinée par un coordinateur.' };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ csrfToken: string }> {
    const { sessionId } = await this.accounts.login(dto, req.ip ?? 'unknown');
    this.session.setSessionCookie(res, sessionId);
    return { csrfToken: req.csrfToken ?? '' };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (req.sessionId) await this.accounts.logout(req.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Public()
  @Get('session')
  @ApiOkResponse({ type: SessionDto })
  currentSession(@Req() req: Request): SessionDto {
    return { user: req.user ? toMe(req.user) : null, csrfToken: req.csrfToken ?? '' };
  }

  @Public()
  @Post('verify-email')
  @HttpCode(200)
  async verifyEmail(@Body() dto: TokenDto): Promise<AcceptedDto> {
    await this.accounts.verifyEmail(dto.token);
    return accepted('Adresse e-mail confirmée.');
  }

  @Public()
  @Post('verify-email/resend')
  @HttpCode(202)
  async resendVerification(@Body() dto: EmailOnlyDto): Promise<AcceptedDto> {
    await this.accounts.resendVerification(dto.email);
    return accepted('Si un compte non confirmé existe pour cette adresse, un nouveau lien vient d’être envoyé.');
  }

  @Public()
  @Post('password-reset/request')
  @HttpCode(202)
  async requestPasswordReset(@Body() dto: EmailOnlyDto): Promise<AcceptedDto> {
    await this.accounts.requestPasswordReset(dto.email);
    return accepted('Si un compte existe pour cette adresse, un lien de réinitialisation vient d’être envoyé.');
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(200)
  async resetPassword(@Body() dto: PasswordResetDto): Promise<AcceptedDto> {
    await this.accounts.resetPassword(dto);
    return accepted('Mot de passe modifié. Vous pouvez vous connecter.');
  }

  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): MeDto {
    return toMe(user);
  }

  @Post('me/password')
  @HttpCode(200)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<AcceptedDto> {
    await this.accounts.changePassword(user.id, dto);
    return accepted('Mot de passe modifié.');
  }

  @Get('me/email-preferences')
  @ApiOkResponse({ type: EmailPreferencesDto })
  emailPreferences(@CurrentUser() user: AuthUser): Promise<EmailPreferencesDto> {
    return this.accounts.emailPreferencesOf(user.id);
  }

  /** Turns non-essential notifications (reminders) on or off; essential e-mails are always sent. */
  @Put('me/email-preferences')
  @ApiOkResponse({ type: EmailPreferencesDto })
  setEmailPreferences(@CurrentUser() user: AuthUser, @Body() dto: UpdateEmailPreferencesDto): Promise<EmailPreferencesDto> {
    return this.accounts.setEmailPreferences(user.id, dto.nonEssential);
  }
}
