import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { resolveAuthProvider } from '@ams/auth';
import type { GatewayConfig } from '../config';

const firebaseWebConfig = z.object({
  apiKey: z.string(),
  authDomain: z.string(),
  projectId: z.string(),
});

class AuthConfigDto extends createZodDto(
  z.object({
    /** `local`: sign in with POST /v1/auth/dev-token. `firebase`: with the Firebase web SDK and this config. */
    provider: z.enum(['local', 'firebase']),
    firebase: firebaseWebConfig.nullable(),
  }),
) {}

/**
 * How a client signs in, so web builds carry no keys: the Firebase web config (public
 * identifiers, not secrets) comes from the gateway's environment at run time.
 */
@ApiTags('auth')
@Controller('v1/auth')
export class AuthConfigController {
  private readonly config: AuthConfigDto;

  constructor(config: ConfigService<GatewayConfig, true>) {
    const provider = resolveAuthProvider({
      NODE_ENV: config.get('NODE_ENV', { infer: true }),
      AUTH_PROVIDER: config.get('AUTH_PROVIDER', { infer: true }),
    });
    const apiKey = config.get('FIREBASE_WEB_API_KEY', { infer: true });
    const projectId = config.get('FIREBASE_PROJECT_ID', { infer: true });
    this.config = {
      provider,
      firebase:
        provider === 'firebase' && apiKey && projectId
          ? {
              apiKey,
              projectId,
              authDomain: config.get('FIREBASE_AUTH_DOMAIN', { infer: true }) ?? `${projectId}.firebaseapp.com`,
            }
          : null,
    };
  }

  @Get('config')
  @ApiOperation({ summary: 'How clients sign in: the provider and, for Firebase, its web config' })
  @ApiOkResponse({ type: AuthConfigDto })
  get(): AuthConfigDto {
    return this.config;
  }
}
