// Static checks of the deployment files: no database or broker, so no global stack setup.
module.exports = { ...require('../jest.preset.js')(__dirname), globalSetup: undefined };
