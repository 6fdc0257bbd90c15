import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SEARCH_ANALYTICS_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { SearchAnalyticsDto, SearchAnalyticsQuery } from './dto/search.dto';

/** How the caller's searches went: volume, speed, click-through, per day. */
@ApiTags('search')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/analytics')
export class SearchAnalyticsController {
  constructor(private readonly bus: MessageBus) {}

  @Get('search')
  @ApiOperation({ summary: 'Your search statistics over the last `days` days (30 by default)' })
  @ApiOkResponse({ type: SearchAnalyticsDto })
  analytics(@CurrentUser() user: SignedInUser, @Query() query: SearchAnalyticsQuery): Promise<SearchAnalyticsDto> {
    return this.bus.request(SEARCH_ANALYTICS_V1, { userId: user.id, days: query.days });
  }
}
