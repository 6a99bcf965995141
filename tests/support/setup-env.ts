// Tests sign with the demo keys only, whatever keys the person running them has made.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.ISF_KEYS_DIR = mkdtempSync(join(tmpdir(), 'isf-test-keys-'));
