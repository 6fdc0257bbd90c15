import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { CostsModule } from './costs/costs.module';
import { StripeModule } from './stripe/stripe.module';
import { UsageModule } from './usage/usage.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ service: 'billing', version, envSchema }),
    UsageModule,
    CostsModule,
    StripeModule,
  ],
})
export class AppModule {}
