import { Module } from '@nestjs/common';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';

/**
 * The session store (PostgreSQL) on its own, so that modules the auth module depends on (organisations, which
 * ends the sessions of a removed member) can use it without an import cycle.
 */
@Module({ providers: [SessionService, SessionsRepository], exports: [SessionService] })
export class SessionsModule {}
