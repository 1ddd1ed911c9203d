import { Module } from '@nestjs/common';
import { RecruitmentSessionEmailPropsSource } from './recruitment-session-email-props';
import { RecruitmentSessionsRepository } from './recruitment-sessions.repository';

/** What the worker's e-mail builder needs to render recruitment session e-mails. */
@Module({ providers: [RecruitmentSessionsRepository, RecruitmentSessionEmailPropsSource], exports: [RecruitmentSessionEmailPropsSource] })
export class RecruitmentSessionsEmailModule {}
