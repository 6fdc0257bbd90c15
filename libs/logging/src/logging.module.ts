import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { pinoOptions } from './pino-options';

/** nestjs-pino wired with the shared options; the service name goes on every line. */
@Module({})
export class LoggingModule {
  static forRoot({ service }: { service: string }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            pinoHttp: pinoOptions(service, config.get<string>('LOG_LEVEL') ?? 'info'),
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
