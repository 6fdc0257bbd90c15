import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { StatusModule } from './status/status.module';

@Module({
  imports: [ServiceCoreModule.forRoot({ service: 'gateway', version, envSchema }), StatusModule],
})
export class AppModule {}
