import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';

@Module({
  imports: [ServiceCoreModule.forRoot({ service: 'audit', version, envSchema })],
})
export class AppModule {}
