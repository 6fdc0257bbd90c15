import { describeServiceBasics } from '@ams/service-testing';
import { version } from '../package.json';
import { AppModule } from '../src/app.module';

describeServiceBasics('embedding-search', AppModule, version);
