import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ReindexController } from './reindex.controller';

/** Operator routes; every controller here is behind AdminGuard. */
@Module({ imports: [AuthModule], controllers: [ReindexController] })
export class AdminModule {}
