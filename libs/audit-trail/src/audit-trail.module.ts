import { Global, Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { AuditTrail } from './audit-trail';

/** AuditTrail for every service (ServiceCoreModule imports it once); needs the global DatabaseModule. */
@Global()
@Module({ imports: [OutboxModule], providers: [AuditTrail], exports: [AuditTrail] })
export class AuditTrailModule {}
