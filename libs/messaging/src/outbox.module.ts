import { Module } from '@nestjs/common';
import { Outbox, OutboxRelay } from './outbox';

/** The transactional outbox and its relay; needs DatabaseModule and MessagingModule. */
@Module({ providers: [Outbox, OutboxRelay], exports: [Outbox, OutboxRelay] })
export class OutboxModule {}
