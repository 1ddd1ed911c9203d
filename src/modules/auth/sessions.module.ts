import { Module } from '@nestjs/common';
import { SessionService } from './session.service';

/**
 * The Redis session store on its own, so that modules the auth module depends on (organisations, which
 * ends the sessions of a removed member) can use it without an import cycle.
 */
@Module({ providers: [SessionService], exports: [SessionService] })
export class SessionsModule {}
