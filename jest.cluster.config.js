// `npm run test:cluster`: the production-shaped cluster test, apart from `npm test` because it
// builds Temporal Server from source the first time (minutes) and runs PostgreSQL.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/tests/cluster/*.cluster.ts'], testTimeout: 900_000 };
