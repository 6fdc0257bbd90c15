import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { AuditRecordsModule } from './records/audit-records.module';

@Module({
  imports: [ServiceCoreModule.forRoot({ service: 'audit', version, envSchema }), AuditRecordsModule],
})
export class AppModule {}
