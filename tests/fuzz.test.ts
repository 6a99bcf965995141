// API fuzzing: schemathesis (from PyPI, pinned) reads the service's own /openapi.json and sends
// thousands of generated requests, every one signed as `isf` signs it (tests/fuzz/isf_hooks.py),
// against the service on the dev server with a real worker. No answer may be a server error, and
// every answer must be what the document says: its status, its content type, its schema.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from './support/processes';
import { startService, type TestService } from './support/service';
import { startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';
import { opening } from './support/fixtures';

jest.setTimeout(600_000);

/** Pinned, and installed into .fuzz/ (git-ignored) on first use, from PyPI. */
const FUZZ = join(ROOT, '.fuzz');
const REQUIREMENTS = ['schemathesis==4.32.5', 'cryptography==48.0.0'];

function installSchemathesis(): void {
  const marker = join(FUZZ, '.installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === REQUIREMENTS.join('\n')) return;
  process.stderr.write(`installing ${REQUIREMENTS.join(', ')} into .fuzz/ …\n`);
  execFileSync(
    'python3',
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--upgrade', '--target', FUZZ, ...REQUIREMENTS],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  execFileSync('python3', [
    '-c',
    `open(${JSON.stringify(marker)}, 'w').write(${JSON.stringify(REQUIREMENTS.join('\n'))})`,
  ]);
}

let stack: TestStack;
let service: TestService;

beforeAll(async () => {
  installSchemathesis();
  stack = await startStack('dev server', await bundleWorkflows());
  // Enough requests a minute that the limit does not hide what is behind it.
  stack.config = { ...stack.config, service: { requestsPerMinute: 100_000 } };
  service = await startService(stack);
  // Something to read, in both regions.
  await stack.concerns.open(opening());
  await stack.concerns.open(opening({ actor: 'omar.quality', region: 'midlands', provider: 'uhb' }));
});
afterAll(async () => {
  await service?.stop();
  await stack?.stop();
});

it.each(['nia.national', 'omar.quality'])(
  'answers whatever %s sends with no server error, as its OpenAPI document says',
  async (user) => {
    const ran = await run(
      'python3',
      [
        '-m',
        'schemathesis.cli',
        'run',
        `${service.url}/openapi.json`,
        '--url',
        service.url,
        '--checks',
        'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
        '--max-examples',
        '25',
        '--seed',
        '7',
        '--workers',
        '1',
      ],
      {
        PYTHONPATH: `${FUZZ}:${join(ROOT, 'tests', 'fuzz')}`,
        SCHEMATHESIS_HOOKS: 'isf_hooks',
        ISF_FUZZ_USER: user,
        ISF_FUZZ_KEY: readFileSync(join(ROOT, 'config', 'demo-keys', `${user}.key`), 'utf8').trim(),
        NO_COLOR: '1',
      },
    );
    if (ran.code !== 0)
      throw new Error(
        `schemathesis found problems (exit ${ran.code}):\n${ran.stdout.slice(-6000)}\n${ran.stderr.slice(-2000)}`,
      );
    expect(ran.stdout).toMatch(/\d+ generated, \d+ passed/);
  },
);
