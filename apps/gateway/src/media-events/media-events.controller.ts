import { Controller, Get, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { createSession } from 'better-sse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { filter } from 'rxjs';
import { MEDIA_GET_V1, MEDIA_JOBS_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { MediaEventsHub, type MediaEvent } from './media-events.hub';

const TERMINAL = new Set(['completed', 'failed', 'deleted']);
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;

/** Server-sent events: a file's analysis progress, live, until it completes or fails. */
@ApiTags('media')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/media')
export class MediaEventsController {
  constructor(
    private readonly bus: MessageBus,
    private readonly hub: MediaEventsHub,
  ) {}

  @Get(':id/events')
  @ApiOperation({
    summary: 'Live analysis progress (text/event-stream)',
    description:
      'Sends `status` ({status, error}) and `job` (a processing job) events: first the current state, then every ' +
      'change. The stream ends after the file reaches `completed` or `failed`.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream' })
  async events(
    @CurrentUser() user: SignedInUser,
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Listen before reading the current state, so nothing falls between the two.
    const buffered: MediaEvent[] = [];
    let deliver = (event: MediaEvent) => void buffered.push(event);
    const subscription = this.hub.stream
      .pipe(filter((event) => event.mediaId === id && event.userId === user.id))
      .subscribe((event) => deliver(event));
    try {
      // Ownership first: another user's file is a 404 problem, before any stream starts.
      const media = await this.bus.request(MEDIA_GET_V1, { userId: user.id, mediaId: id });
      const { jobs } = await this.bus.request(MEDIA_JOBS_V1, { userId: user.id, mediaId: id });

      reply.hijack();
      const session = await createSession(request.raw, reply.raw, { keepAlive: KEEP_ALIVE_MS, retry: 2_000 });
      const close = () => {
        subscription.unsubscribe();
        if (!reply.raw.writableEnded) reply.raw.end();
      };
      session.once('disconnected', () => subscription.unsubscribe());

      session.push({ status: media.status, error: media.processing.error }, 'status');
      for (const job of jobs) session.push(job, 'job');
      if (TERMINAL.has(media.status)) return close();

      deliver = (event) => {
        if (event.type === 'job') return void session.push(event.job, 'job');
        session.push({ status: event.status, error: event.error }, 'status');
        if (TERMINAL.has(event.status)) close();
      };
      for (const event of buffered.splice(0)) deliver(event);
    } catch (error) {
      subscription.unsubscribe();
      throw error;
    }
  }
}
