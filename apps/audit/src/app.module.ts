import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { AuditReadsModule } from './reads/audit-reads.module';
import { AuditRecordsModule } from './records/audit-records.module';
import { AuditRetentionModule } from './retention/audit-retention.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ service: 'audit', version, envSchema }),
    AuditRecordsModule,
    AuditReadsModule,
    AuditRetentionModule,
  ],
})
export class AppModule {}
