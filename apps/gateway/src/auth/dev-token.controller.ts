import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AUTH_PROVIDER, LocalAuthProvider, type AuthProvider } from '@ams/auth';

class DevTokenRequest extends createZodDto(z.strictObject({ email: z.email().max(255) })) {}
class DevTokenResponse extends createZodDto(z.object({ token: z.string() })) {}

/** Local development sign-in: exists only with AUTH_PROVIDER=local outside production. */
@ApiTags('auth')
@Controller('v1/auth')
export class DevTokenController {
  constructor(@Inject(AUTH_PROVIDER) private readonly provider: AuthProvider) {}

  @Post('dev-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only: a signed local token for an email (first use creates the account)' })
  @ApiOkResponse({ type: DevTokenResponse })
  async issue(@Body() body: DevTokenRequest): Promise<DevTokenResponse> {
    if (!(this.provider instanceof LocalAuthProvider)) throw new Error('dev tokens need the local auth provider');
    return { token: await this.provider.issue(body.email) };
  }
}
