import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { CsrfGuard } from './csrf.guard';
import { InvitationPagesController } from './invitation-pages.controller';
import { LoginThrottleService } from './login-throttle.service';
import { SessionMiddleware } from './session.middleware';
import { SessionsModule } from './sessions.module';

@Module({
  imports: [NotificationsModule, OrganisationsModule, SessionsModule],
  controllers: [AuthController, InvitationPagesController],
  providers: [
    AccountService,
    LoginThrottleService,
    SessionMiddleware,
    // Order matters: authentication and roles first, then CSRF.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AccountService, SessionMiddleware],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes('*');
  }
}
