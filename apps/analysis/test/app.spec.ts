import { describeServiceBasics } from '@ams/service-testing';
import { version } from '../package.json';

// This in-process instance must not take analysis work from the e2e workers running beside it.
process.env['ANALYSIS_RUN_JOBS'] = 'false';
// The config is validated when the module loads, so it is required after the line above.
const { AppModule } = require('../src/app.module') as typeof import('../src/app.module');

describeServiceBasics('analysis', AppModule, version);
