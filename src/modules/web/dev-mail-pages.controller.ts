import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { NotFoundException } from '../../common/http/problem';
import { AppConfig } from '../../config/app-config';
import { listDevMails } from '../../dev/dev-mailbox';
import { RedisService } from '../../infra/redis/redis.service';

/** The demo's mailbox: every e-mail the local SMTP catcher received. Answers 404 unless DEMO_MODE is on. */
@ApiExcludeController()
@Public()
@Controller('dev/mails')
export class DevMailPagesController {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  private ensureDemo(): void {
    if (!this.config.DEMO_MODE) throw new NotFoundException('http.not_found', 'Page introuvable.');
  }

  @Get()
  async list(@Res() res: Response): Promise<void> {
    this.ensureDemo();
    const mails = await listDevMails(this.redis.client);
    res.render('pages/dev-mails', { title: 'Boîte mail de démonstration', mails });
  }

  @Get(':id')
  async show(@Param('id') id: string, @Res() res: Response): Promise<void> {
    this.ensureDemo();
    const mail = (await listDevMails(this.redis.client)).find((m) => m.id === id);
    if (!mail) throw new NotFoundException('dev_mail.not_found', 'Message introuvable.');
    res.render('pages/dev-mail', { title: mail.subject, mail, links: [...new Set(mail.text.match(/https?:\/\/\S+/g) ?? [])] });
  }
}
