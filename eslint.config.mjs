// typescript-eslint with type information: every promise handled, and no Node built-ins (or worker
// and client code) in anything that runs inside the workflow sandbox.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules, createRequire } from 'node:module';

// The modules that run in the workflow sandbox: one list, which dependency-cruiser checks is closed.
const sandbox = createRequire(import.meta.url)('./lint/sandbox.cjs');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.temporal/',
      '.temporal-server/',
      '.ci-node/',
      '.fuzz/',
      '.data/',
      '.data-*/',
      'coverage/',
      'test-output/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.js', '*.cjs', 'bin/*.js', 'scripts/*.mjs', 'lint/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code and everything it imports runs in Temporal's deterministic sandbox.
    files: sandbox.globs,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code must not use Node built-ins: it runs in a deterministic sandbox.',
          })),
          patterns: [
            {
              group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity', '@temporalio/testing'],
              message: 'Workflow code imports @temporalio/workflow (and common) only.',
            },
            {
              group: ['**/activities', '**/activities/*', '**/worker/*', '**/client/*', '**/config/load', '**/ops/*'],
              allowTypeImports: true,
              message: 'Workflow code must not import worker, client or I/O code (type imports are fine).',
            },
          ],
        },
      ],
    },
  },
  {
    // Every environment variable is declared and read in config/env.ts (and the install step, which
    // runs before anything is built).
    files: ['**/*.ts'],
    ignores: ['config/env.ts', 'tests/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name='env']",
          message: 'Read environment variables in config/env.ts (declared in ENVIRONMENT), not here.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
