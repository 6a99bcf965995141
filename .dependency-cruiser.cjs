// Layer rules, checked by `npm run lint` (dependency-cruiser): no import cycles; worker-side code
// never reaches into the admin script or the service; workflow code imports only what the
// sandbox may run (lint/sandbox.cjs). Type-only imports count for cycles and layers: they are
// imports too; the sandbox takes them, as they are erased.
const sandbox = require('./lint/sandbox.cjs');

const inSandbox = sandbox.paths.join('|');
const allowedPackages = `^node_modules/(${sandbox.packages.map((p) => p.replace('/', '\\/')).join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means two modules cannot be understood, tested or loaded one without the other.',
      severity: 'error',
      from: { pathNot: '^node_modules' },
      to: { circular: true },
    },
    {
      name: 'worker-not-cli',
      comment:
        'The worker, its activities and workflows run without the admin script or the service: a change to CLI output must not change a mail.',
      severity: 'error',
      from: { path: '^(activities|worker|workflows)/' },
      to: { path: '^(client|service|bin)/' },
    },
    {
      name: 'service-not-cli-commands',
      comment: 'The service reads through the shared read layer, never through the command-line front end.',
      severity: 'error',
      from: { path: '^service/' },
      to: { path: '^client/(commands|isf|http)' },
    },
    {
      name: 'sandbox-pure',
      comment:
        'Workflow code runs in a deterministic sandbox: it imports only modules on the sandbox list (lint/sandbox.cjs) and the packages allowed there. ' +
        "Type-only imports (the activities' signatures, as Temporal's samples import them) are erased: they bring no code in.",
      severity: 'error',
      from: { path: inSandbox },
      to: { pathNot: `${inSandbox}|${allowedPackages}`, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.temporal|\\.fuzz)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
