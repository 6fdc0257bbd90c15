import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Ip,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SEARCH_CLICK_V1, SEARCH_HISTORY_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { CountsAgainst } from '../rate-limit/rate-limit.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import {
  SearchClickBody,
  SearchClickDto,
  SearchHistoryPageDto,
  SearchHistoryQuery,
  SearchPageDto,
  SearchQuery,
} from './dto/search.dto';
import { SearchService } from './search.service';

const searchId = new ParseUUIDPipe({ version: undefined });

/** Finding files by describing them, and what the caller searched before. */
@ApiTags('search')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/search')
export class SearchController {
  constructor(
    private readonly bus: MessageBus,
    private readonly searches: SearchService,
  ) {}

  @Get()
  @CountsAgainst('search')
  @ApiOperation({
    summary: 'Search your files in plain language, with optional filters; follow nextCursor for more',
    description: 'Each call counts against your plan’s monthly searches. Unknown query parameters are refused.',
  })
  @ApiOkResponse({ type: SearchPageDto })
  @ApiForbiddenResponse({ description: 'SEARCH_QUOTA_EXCEEDED: the plan’s searches for this month are used up' })
  search(
    @CurrentUser() user: SignedInUser,
    @Query() query: SearchQuery,
    @Headers('user-agent') userAgent: string | undefined,
    @Ip() ip: string | undefined,
  ): Promise<SearchPageDto> {
    return this.searches.search(user, query, { userAgent, ip });
  }

  @Get('history')
  @ApiOperation({ summary: 'Your searches, newest first; follow nextCursor for more' })
  @ApiOkResponse({ type: SearchHistoryPageDto })
  history(@CurrentUser() user: SignedInUser, @Query() query: SearchHistoryQuery): Promise<SearchHistoryPageDto> {
    return this.bus.request(SEARCH_HISTORY_V1, { userId: user.id, limit: query.limit, cursor: query.cursor });
  }

  @Post(':searchId/click')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that a result of one of your searches was opened' })
  @ApiOkResponse({ type: SearchClickDto })
  click(
    @CurrentUser() user: SignedInUser,
    @Param('searchId', searchId) id: string,
    @Body() body: SearchClickBody,
  ): Promise<SearchClickDto> {
    return this.bus.request(SEARCH_CLICK_V1, { userId: user.id, searchId: id, mediaId: body.mediaId });
  }
}
