// bench/relevance's own tests (pure functions and the consistency of queries and dataset): no
// stack needed, so no global setup. Run: npx jest -c bench/relevance/jest.config.js
module.exports = { ...require('../../jest.preset.js')(__dirname), globalSetup: undefined };
