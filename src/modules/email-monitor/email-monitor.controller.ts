import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { PageQuery } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import {
  EmailDeliveriesPageDto,
  EmailSuppressionsPageDto,
  ListEmailDeliveriesQuery,
  OUTBOX_ID_PARAM,
  RetriedEmailDeliveryDto,
  RetryEmailDeliveryDto,
  SUPPRESSION_ID_PARAM,
} from './dto/email-monitor.dto';
import { EmailMonitorService } from './email-monitor.service';

/** The e-mail outbox monitor, for admins: deliveries that need a look, retries, the suppression list. */
@ApiTags('admin')
@Controller('api/admin')
@Roles(Role.Admin)
export class EmailMonitorController {
  constructor(private readonly monitor: EmailMonitorService) {}

  @Get('email-deliveries')
  @ApiOkResponse({ type: EmailDeliveriesPageDto, description: 'Envois d’un statut (en échec par défaut), les plus récents d’abord, avec les compteurs par statut' })
  deliveries(@Query() query: ListEmailDeliveriesQuery): Promise<EmailDeliveriesPageDto> {
    return this.monitor.deliveries(query);
  }

  /** Queues a failed, bounced, suppressed (once the address is unblocked), skipped or stuck e-mail again, same outbox id. */
  @Post('email-deliveries/:outboxId/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: RetriedEmailDeliveryDto })
  retry(@Param('outboxId', OUTBOX_ID_PARAM) outboxId: string, @Body() _body: RetryEmailDeliveryDto, @CurrentUser() user: AuthUser): Promise<RetriedEmailDeliveryDto> {
    return this.monitor.retry(outboxId, user.id);
  }

  @Get('email-suppressions')
  @ApiOkResponse({ type: EmailSuppressionsPageDto, description: 'Adresses bloquées après un refus définitif, les plus récentes d’abord' })
  suppressions(@Query() query: PageQuery): Promise<EmailSuppressionsPageDto> {
    return this.monitor.suppressions(query);
  }

  /** Unblocks an address: e-mails to it are sent again (those already suppressed need a retry). */
  @Delete('email-suppressions/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Adresse débloquée' })
  async lift(@Param('id', SUPPRESSION_ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.monitor.liftSuppression(id, user.id);
  }
}
