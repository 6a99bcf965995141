// `npm run test:unit`: every test that needs no server (tests/unit/), in parallel, in under a
// minute. `npm test` runs these and the rest.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/tests/unit/**/*.test.ts'], maxWorkers: '50%', testTimeout: 30_000 };
