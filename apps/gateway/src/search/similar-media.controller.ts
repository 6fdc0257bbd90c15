import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SEARCH_SIMILAR_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { CountsAgainst } from '../rate-limit/rate-limit.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { SimilarMediaDto, SimilarMediaQuery, toPublicHit } from './dto/search.dto';

const mediaId = new ParseUUIDPipe({ version: undefined });

/** "More like this": under the file's own path, answered by the search service. */
@ApiTags('search')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/media')
export class SimilarMediaController {
  constructor(private readonly bus: MessageBus) {}

  @Get(':id/similar')
  @CountsAgainst('search')
  @ApiOperation({ summary: 'Your files most like this one, best first' })
  @ApiOkResponse({ type: SimilarMediaDto })
  async similar(
    @CurrentUser() user: SignedInUser,
    @Param('id', mediaId) id: string,
    @Query() query: SimilarMediaQuery,
  ): Promise<SimilarMediaDto> {
    const reply = await this.bus.request(SEARCH_SIMILAR_V1, { userId: user.id, mediaId: id, limit: query.limit });
    return { ...reply, items: reply.items.map(toPublicHit) };
  }
}
