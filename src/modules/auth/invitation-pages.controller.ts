import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { DomainException } from '../../common/http/problem';
import { PASSWORD_RULE } from '../../common/security/password';
import { parseForm } from '../web/form';
import { AccountService } from './account.service';
import { PasswordResetDto } from './dto/auth.dto';
import { SessionMiddleware } from './session.middleware';

const TITLE = 'Rejoindre votre organisation';

const isInvalidLink = (error: unknown) => error instanceof DomainException && error.code === 'auth.invalid_token';

/** The page an invitation e-mail links to: the invited member chooses a password and is signed in. */
@ApiExcludeController()
@Controller('invitation')
export class InvitationPagesController {
  constructor(
    private readonly accounts: AccountService,
    private readonly session: SessionMiddleware,
  ) {}

  @Public()
  @Get()
  async page(@Query('jeton') token: unknown, @Res() res: Response): Promise<void> {
    await this.renderForm(res, typeof token === 'string' ? token : '');
  }

  @Public()
  @Post()
  async accept(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(PasswordResetDto, body);
    if (!form.ok) {
      if (form.errors.token) return this.renderInvalid(res);
      return this.renderForm(res, form.values.token ?? '', form.errors);
    }
    try {
      const { sessionId } = await this.accounts.acceptInvitation(form.value);
      this.session.setSessionCookie(res, sessionId);
    } catch (error) {
      if (isInvalidLink(error)) return this.renderInvalid(res);
      throw error;
    }
    res.redirect(303, '/organisation?info=invitation-acceptee');
  }

  /** The form, greeting the invited member; a dead link shows why instead. */
  private async renderForm(res: Response, token: string, errors?: Record<string, string>): Promise<void> {
    let invitation: Awaited<ReturnType<AccountService['invitationFor']>>;
    try {
      invitation = await this.accounts.invitationFor(token);
    } catch (error) {
      if (isInvalidLink(error)) return this.renderInvalid(res);
      throw error;
    }
    res.status(errors ? 400 : 200).render('pages/invitation', { title: TITLE, token, invitation, errors, passwordRule: PASSWORD_RULE });
  }

  private renderInvalid(res: Response): void {
    res.status(400).render('pages/invitation', { title: 'Invitation invalide', invalid: true });
  }
}
