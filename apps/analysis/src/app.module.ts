import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { JobsModule } from './jobs/jobs.module';
import { ProvidersModule } from './providers/providers.module';

@Module({
  imports: [ServiceCoreModule.forRoot({ service: 'analysis', version, envSchema }), ProvidersModule, JobsModule],
})
export class AppModule {}
