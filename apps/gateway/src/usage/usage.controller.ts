import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { BILLING_USAGE_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';

export class UsageDto extends createZodDto(BILLING_USAGE_V1.reply) {}

/** The account dashboard: usage this billing period against every limit of the plan. */
@ApiTags('account')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOperation({
    summary: 'Usage this billing period: uploads, searches, storage and AI cost against your plan’s limits',
    description: '`fraction` is used/limit (null when unlimited); `aiCostUsd.alertThreshold` is when you are warned.',
  })
  @ApiOkResponse({ type: UsageDto })
  usage(@CurrentUser() user: SignedInUser): Promise<UsageDto> {
    return this.bus.request(BILLING_USAGE_V1, { userId: user.id });
  }
}
