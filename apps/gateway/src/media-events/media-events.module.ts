import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MediaEventsController } from './media-events.controller';
import { MediaEventsHub } from './media-events.hub';

@Module({ imports: [AuthModule], controllers: [MediaEventsController], providers: [MediaEventsHub] })
export class MediaEventsModule {}
