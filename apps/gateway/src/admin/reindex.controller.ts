import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditTrail } from '@ams/audit-trail';
import { DomainError, SEARCH_REINDEX_STATUS_V1, SEARCH_REINDEX_V1, type ReindexRun } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AdminGuard } from '../auth/admin.guard';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { ReindexRunDto } from './dto/reindex.dto';

const runId = new ParseUUIDPipe({ version: undefined });

/** Re-embedding every file with the configured model, in the background (administrators only). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AuthGuard, AdminGuard)
@ApiForbiddenResponse({ description: 'FORBIDDEN: administrators only' })
@Controller('v1/admin/reindex')
export class ReindexController {
  constructor(
    private readonly bus: MessageBus,
    private readonly audit: AuditTrail,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start re-embedding every file with the configured model; searches keep the current one until it ends',
  })
  @ApiAcceptedResponse({ type: ReindexRunDto })
  @ApiConflictResponse({ description: 'REINDEX_RUNNING: a run is already in progress' })
  async start(@CurrentUser() user: SignedInUser): Promise<ReindexRunDto> {
    // Recorded before asking: a request that times out may still have started a run.
    this.audit.record('admin.reindex_requested', {
      userId: user.id,
      actorType: 'admin',
      actorIdentifier: user.email,
      description: 'Re-embedding of every file requested',
    });
    return this.bus.request(SEARCH_REINDEX_V1, { requestedBy: user.id });
  }

  @Get()
  @ApiOperation({ summary: 'The latest re-embedding run' })
  @ApiOkResponse({ type: ReindexRunDto })
  @ApiNotFoundResponse({ description: 'No run yet' })
  async latest(): Promise<ReindexRunDto> {
    return found(await this.bus.request(SEARCH_REINDEX_STATUS_V1, {}));
  }

  @Get(':runId')
  @ApiOperation({ summary: 'One re-embedding run and its progress' })
  @ApiOkResponse({ type: ReindexRunDto })
  @ApiNotFoundResponse({ description: 'No such run' })
  async status(@Param('runId', runId) id: string): Promise<ReindexRunDto> {
    return found(await this.bus.request(SEARCH_REINDEX_STATUS_V1, { runId: id }));
  }
}

function found(run: ReindexRun | null): ReindexRunDto {
  if (!run) throw new DomainError('NOT_FOUND', 'No re-embedding run found.');
  return run;
}
