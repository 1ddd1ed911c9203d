import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock, SystemClock } from './clock/clock';
import { SignedTokens } from './security/signed-token';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: SignedTokens, inject: [AppConfig], useFactory: (config: AppConfig) => new SignedTokens(config.APP_SECRET) },
  ],
  exports: [Clock, SignedTokens],
})
export class CommonModule {}
