// The integration project's hang guard (jest.config.js): jest reads `testTimeout`
// only from the global config, so a project's own value is ignored; this sets it.
jest.setTimeout(30_000);
