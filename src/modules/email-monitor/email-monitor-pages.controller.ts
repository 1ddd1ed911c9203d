import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { PageQuery } from '../../common/http/pagination';
import { DomainException } from '../../common/http/problem';
import { DeliveryStatus } from '../../infra/mail/email-delivery.entity';
import { EMAIL_TEMPLATES } from '../../infra/mail/email-templates';
import { Role } from '../users/user.entity';
import { parseQueryOrThrow, safeRedirect } from '../web/form';
import { DELIVERY_VIEW_LABELS, DELIVERY_VIEWS, ListEmailDeliveriesQuery, OUTBOX_ID_PARAM, SUPPRESSION_ID_PARAM } from './dto/email-monitor.dto';
import { EmailMonitorService } from './email-monitor.service';

const PAGE = '/admin/e-mails';
const SUPPRESSIONS_PAGE = '/admin/e-mails/adresses-bloquees';
const PAGE_SIZE = '25';

/** Shown after a redirect (?info=…). */
const INFO: Record<string, string> = {
  'email-relance': 'L’e-mail est de nouveau en file d’envoi : son statut change dès que le serveur de messagerie a répondu.',
  'adresse-debloquee': 'L’adresse est débloquée. Les prochains e-mails lui seront envoyés ; relancez ceux qui ont été bloqués si nécessaire.',
};

/** Refusals shown after a redirect (?erreur=<code of EmailMonitorException>): the page names the problem, never raw input. */
const ERRORS: Record<string, string> = {
  'email_delivery.not_found': 'Aucun envoi d’e-mail ne porte ce numéro.',
  'email_delivery.already_sent': 'Cet e-mail a déjà été envoyé : il ne peut pas être relancé.',
  'email_delivery.in_progress': 'Cet e-mail est en cours d’envoi : attendez la fin de cette tentative avant de le relancer.',
  'email_delivery.address_suppressed': 'L’adresse du destinataire est bloquée : débloquez-la d’abord (page « Adresses bloquées »), puis relancez l’e-mail.',
  'email_suppression.not_found': 'Cette adresse bloquée est introuvable.',
  'email_suppression.already_lifted': 'Cette adresse a déjà été débloquée.',
  'email_queue.unavailable': 'La file d’envoi des e-mails est momentanément injoignable. Réessayez dans quelques instants.',
};

const pick = (map: Record<string, string>, code: unknown) => (typeof code === 'string' && Object.hasOwn(map, code) ? map[code] : undefined);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Adds `key=value` to a same-site path that may already carry a query string. */
const withParam = (path: string, key: string, value: string) => `${path}${path.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`;

/** The admins' e-mail monitor: deliveries by status, retries, suppressed addresses. */
@ApiExcludeController()
@Controller('admin/e-mails')
@Roles(Role.Admin)
export class EmailMonitorPagesController {
  constructor(private readonly monitor: EmailMonitorService) {}

  @Get()
  async deliveries(
    @Query('statut') status: unknown,
    @Query('modele') template: unknown,
    @Query('destinataire') recipient: unknown,
    @Query('page') page: unknown,
    @Query('info') info: unknown,
    @Query('erreur') error: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const query = parseQueryOrThrow(ListEmailDeliveriesQuery, {
      status: text(status) ?? DeliveryStatus.Failed,
      template: text(template),
      recipient: text(recipient),
      page: text(page) ?? '1',
      pageSize: PAGE_SIZE,
    });
    const result = await this.monitor.deliveries(query);
    const urlOf = (params: { status?: string; page?: number }) => {
      const search = new URLSearchParams({ statut: params.status ?? query.status });
      if (query.template) search.set('modele', query.template);
      if (query.recipient) search.set('destinataire', query.recipient);
      if (params.page && params.page > 1) search.set('page', String(params.page));
      return `${PAGE}?${search}`;
    };
    const counts = result.counts as unknown as Record<string, number>;
    res.render('pages/admin/e-mails', {
      title: 'E-mails',
      result,
      view: query.status,
      viewLabel: DELIVERY_VIEW_LABELS[query.status],
      tabs: DELIVERY_VIEWS.map((value) => ({ value, label: DELIVERY_VIEW_LABELS[value], count: counts[value], current: value === query.status, url: urlOf({ status: value }) })),
      templates: EMAIL_TEMPLATES.map((value) => ({ value, selected: value === query.template })),
      recipient: query.recipient ?? '',
      returnTo: urlOf({ page: result.page }),
      previousPageUrl: result.page > 1 ? urlOf({ page: result.page - 1 }) : null,
      nextPageUrl: result.page < result.totalPages ? urlOf({ page: result.page + 1 }) : null,
      info: pick(INFO, info),
      message: pick(ERRORS, error),
    });
  }

  @Post(':outboxId/relancer')
  async retry(@Param('outboxId', OUTBOX_ID_PARAM) outboxId: string, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const back = safeRedirect(body?.retour, PAGE);
    await this.act(res, back, 'email-relance', () => this.monitor.retry(outboxId, user.id));
  }

  @Get('adresses-bloquees')
  async suppressions(@Query('page') page: unknown, @Query('info') info: unknown, @Query('erreur') error: unknown, @Res() res: Response): Promise<void> {
    const query = parseQueryOrThrow(PageQuery, { page: text(page) ?? '1', pageSize: PAGE_SIZE });
    // Seeing the list is what stops the home page's alert.
    const result = await this.monitor.suppressions(query, true);
    res.render('pages/admin/email-suppressions', {
      title: 'Adresses bloquées',
      result,
      items: result.items.map((s) => ({ ...s, deliveriesUrl: `${PAGE}?${new URLSearchParams({ statut: DeliveryStatus.Suppressed, destinataire: s.email })}` })),
      previousPageUrl: result.page > 1 ? `${SUPPRESSIONS_PAGE}?page=${result.page - 1}` : null,
      nextPageUrl: result.page < result.totalPages ? `${SUPPRESSIONS_PAGE}?page=${result.page + 1}` : null,
      info: pick(INFO, info),
      message: pick(ERRORS, error),
    });
  }

  @Post('adresses-bloquees/:id/debloquer')
  async lift(@Param('id', SUPPRESSION_ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.act(res, SUPPRESSIONS_PAGE, 'adresse-debloquee', () => this.monitor.liftSuppression(id, user.id));
  }

  /** Runs an action and goes back to the list, with its confirmation or the refusal's French message. */
  private async act(res: Response, back: string, info: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof DomainException) || !Object.hasOwn(ERRORS, error.code)) throw error;
      return res.redirect(303, withParam(back, 'erreur', error.code));
    }
    res.redirect(303, withParam(back, 'info', info));
  }
}
