import { Module } from '@nestjs/common';
import { AwarenessDayEmailPropsSource } from './awareness-day-email-props';
import { AwarenessDaysRepository } from './awareness-days.repository';

/** What the worker's e-mail builder needs to render awareness half-day e-mails. */
@Module({ providers: [AwarenessDaysRepository, AwarenessDayEmailPropsSource], exports: [AwarenessDayEmailPropsSource] })
export class AwarenessDaysEmailModule {}
