import 'reflect-metadata';
import { startService } from '@ams/runtime';
import { envSchema } from './config';

// The app module loads only after the environment has been validated.
void startService(() => import('./app.module').then((m) => m.AppModule), {
  envSchema,
  portVariable: 'PORT',
  trustProxy: (env) => env.TRUST_PROXY as boolean | number | string,
  configure: (app) => import('./gateway-setup').then((m) => m.configureGateway(app)),
});
