import { Global, Module } from '@nestjs/common';
import { MailRenderer } from './mail-renderer';
import { MailTransport } from './mail-transport.service';

@Global()
@Module({
  providers: [{ provide: MailRenderer, useFactory: () => new MailRenderer() }, MailTransport],
  exports: [MailRenderer, MailTransport],
})
export class MailModule {}
