import { Module } from '@nestjs/common';
import { MonthlyResetTask } from './monthly-reset.task';

@Module({ providers: [MonthlyResetTask], exports: [MonthlyResetTask] })
export class UsageModule {}
