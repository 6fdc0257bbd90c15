import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import { MeDto } from './dto/me.dto';
import { PreferencesDto, UpdatePreferencesBody } from './dto/preferences.dto';
import type { SignedInUser } from './signed-in-user';
import { UsersRepository } from './users.repository';

@ApiTags('account')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/me')
export class MeController {
  constructor(private readonly users: UsersRepository) {}

  @Get()
  @ApiOperation({ summary: 'Your profile, plan, usage this period and the limits of your plan' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() signedIn: SignedInUser): Promise<MeDto> {
    const [{ user, limits }, preferences] = await Promise.all([
      this.users.profile(signedIn.id),
      this.users.preferences(signedIn.id),
    ]);
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    return {
      id: user.id,
      email: user.email,
      isAdmin: signedIn.isAdmin,
      displayName: user.displayName,
      avatarUrl: user.avatarUrl,
      createdAt: user.createdAt.toISOString(),
      subscription: {
        tier: user.subscriptionTier as MeDto['subscription']['tier'],
        status: user.subscriptionStatus,
        startedAt: iso(user.subscriptionStartedAt),
        endsAt: iso(user.subscriptionEndsAt),
      },
      usage: {
        uploadsThisMonth: user.uploadsThisMonth,
        searchesThisMonth: user.searchesThisMonth,
        storageUsedBytes: Number(user.storageUsedBytes),
        periodStart: iso(user.billingPeriodStart),
        periodEnd: iso(user.billingPeriodEnd),
      },
      limits: {
        uploadsPerMonth: limits.maxUploadsPerMonth,
        searchesPerMonth: limits.maxSearchesPerMonth,
        storageBytes: limits.maxStorageBytes === null ? null : Number(limits.maxStorageBytes),
        fileSizeBytes: Number(limits.maxFileSizeBytes),
        videoDurationSeconds: limits.maxVideoDurationSeconds,
        features: limits.featuresEnabled,
        aiFeatures: limits.aiFeaturesEnabled,
      },
      preferences,
    };
  }

  @Patch('preferences')
  @ApiOperation({ summary: 'Change your privacy preferences (e.g. whether the text of your searches is kept)' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an unknown field or a value of the wrong type' })
  updatePreferences(
    @CurrentUser() signedIn: SignedInUser,
    @Body() body: UpdatePreferencesBody,
  ): Promise<PreferencesDto> {
    return this.users.updatePreferences(signedIn.id, { storeSearchQueries: body.storeSearchQueries });
  }
}
