import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminAuditController, MyAuditController } from './audit.controller';

@Module({ imports: [AuthModule], controllers: [MyAuditController, AdminAuditController] })
export class AuditModule {}
