import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_MY_EVENTS_V1, AUDIT_SEARCH_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuditReadsService } from './audit-reads.service';

/** Answers the gateway's audit trail requests: a user's own, and the administrators' search. */
@Injectable()
export class AuditReadsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly reads: AuditReadsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(AUDIT_MY_EVENTS_V1, { queue: 'audit.my-events' }, (request) => this.reads.myEvents(request));
    await this.bus.respond(AUDIT_SEARCH_V1, { queue: 'audit.search' }, (request) => this.reads.search(request));
  }
}
