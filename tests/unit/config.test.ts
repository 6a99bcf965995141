// The configuration: the shipped example covers every role, and errors name the file and the field.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, EXAMPLE_CONFIG, loadConfig, parseConfig, snapshotOf } from '../../config/load';
import { resolveRecipients } from '../../config/recipients';
import { temporalTarget } from '../../config/connection';
import { environment } from '../../config/env';
import { PROFESSIONS, STAKEHOLDER_ROLES, USER_ROLES } from '../../policy';
import { exampleConfig } from '../support/fixtures';
import { DEMO_PUBLIC_KEYS } from '../../config/demo-keys';
import { newKeyPair, publicKeyOf } from '../../concern/signing';

const concernAt = (provider: string, region: string) => ({
  provider,
  region,
  professions: [...PROFESSIONS],
  contacts: {},
});

describe('the example configuration', () => {
  it('loads, with two regions and three providers', () => {
    const config = loadConfig(EXAMPLE_CONFIG);
    expect(Object.keys(config.regions)).toHaveLength(2);
    expect(Object.keys(config.providers)).toHaveLength(3);
  });

  it('has an address for every role the guide names, at every provider, and a user for every decision role', () => {
    for (const [id, provider] of Object.entries(exampleConfig.providers)) {
      const resolved = resolveRecipients(
        [...STAKEHOLDER_ROLES, ...USER_ROLES.filter((r) => r !== 'reader')],
        concernAt(id, provider.region),
        exampleConfig,
      );
      expect(resolved.missing).toEqual([]);
    }
  });
});

describe('recipients', () => {
  it('takes the most specific list: the concern, then the provider, the region, the national contacts', () => {
    const concern = { ...concernAt('barts', 'london'), contacts: { 'head-of-school': ['school@concern.example.org'] } };
    const found = (role: (typeof STAKEHOLDER_ROLES)[number]) =>
      resolveRecipients([role], concern, exampleConfig).found[0]?.addresses;
    expect(found('head-of-school')).toEqual(['school@concern.example.org']);
    expect(found('provider-chair')).toEqual(['chair@barts.example.org']);
    expect(found('postgraduate-dean')).toEqual(['pg-dean.london@example.nhs.uk']);
    expect(found('jsog')).toEqual(['jsog@example.nhs.uk']);
  });

  it("takes a concern's own contacts for the provider's local roles only, whatever the concern holds", () => {
    const concern = {
      ...concernAt('barts', 'london'),
      contacts: {
        regulator: ['forged@attacker.example'],
        'provider-chief-executive': ['forged@attacker.example'],
        jsog: ['forged@attacker.example'],
        educators: ['ed@concern.example.org'],
      },
    };
    const found = resolveRecipients(
      ['regulator', 'provider-chief-executive', 'jsog', 'educators'],
      concern,
      exampleConfig,
    ).found.flatMap((f) => f.addresses);
    expect(found).not.toContain('forged@attacker.example');
    expect(found).toContain('ed@concern.example.org');
  });

  it('resolves the regulator by profession and users by role and region', () => {
    const concern = { ...concernAt('uhb', 'midlands'), professions: ['dental' as const, 'nursing' as const] };
    const { found } = resolveRecipients(
      ['regulator', 'regional-governance', 'national-scrutiny'],
      concern,
      exampleConfig,
    );
    expect(found).toEqual([
      { role: 'regulator', addresses: ['quality-assurance@nmc.example.org', 'quality-assurance@gdc.example.org'] },
      { role: 'regional-governance', addresses: ['mia.governance@example.nhs.uk'] },
      { role: 'national-scrutiny', addresses: ['nia.national@example.nhs.uk', 'noah.national@example.nhs.uk'] },
    ]);
  });

  it('reports a role with no address rather than dropping it', () => {
    const config = { ...exampleConfig, regulators: { GMC: ['gmc@example.org'] }, national: { contacts: {} } };
    const { missing } = resolveRecipients(
      ['regulator', 'jsog'],
      { ...concernAt('barts', 'london'), professions: ['nursing'] },
      config,
    );
    expect(missing).toEqual([
      { role: 'regulator', reason: 'no address configured for NMC' },
      { role: 'jsog', reason: 'no address configured' },
    ]);
  });
});

describe('errors', () => {
  const valid = `
users:
  - { id: ana.quality, name: Ana, email: ana@example.nhs.uk, roles: [quality-team], regions: [london] }
regions:
  london: { name: London }
providers:
  barts: { name: Barts, region: london }
`;

  it('accepts a minimal file, with policy defaults', () => {
    expect(parseConfig(valid, 'isf.yaml').policy).toMatchObject({
      registerThreshold: 12,
      reviewEvery: { '1': '91 days', '2': '30 days', '3': '14 days', '4': '14 days' },
      reminderBefore: '7 days',
      overdueAfter: '7 days',
      respondWithin: { '1': '28 days', '2': '7 days', '3': '7 days', '4': '7 days' },
      confirmWithin: '30 days',
      signOffWithin: '14 days',
      planAgreedWithin: '28 days',
      objectiveReminderBefore: '7 days',
      reinstatementReviews: 2,
    });
    expect(parseConfig(`${valid}\npolicy: { reviewEvery: { '2': '20s' } }\n`, 'isf.yaml').policy.reviewEvery).toEqual({
      '1': '91 days',
      '2': '20s',
      '3': '14 days',
      '4': '14 days',
    });
  });

  it.each([
    ['not YAML', 'users: [', /^isf.yaml: not valid YAML/],
    [
      'an unknown role',
      valid.replace('[quality-team]', '[quality-lead]'),
      /^isf.yaml: users.0.roles.0: must be one of quality-team, regional-governance, national-scrutiny, reader \(got 'quality-lead'\)/,
    ],
    ['a bad email', valid.replace('ana@example.nhs.uk', 'ana'), /^isf.yaml: users.0.email: must be an email address/],
    [
      'an unknown region for a provider',
      valid.replace('region: london }', 'region: wales }'),
      /^isf.yaml: providers.barts.region: unknown region 'wales'/,
    ],
    [
      'an unknown region for a user',
      valid.replace('regions: [london]', 'regions: [wales]'),
      /^isf.yaml: users.0.regions.0: unknown region 'wales'/,
    ],
    [
      'a regional user without a region',
      valid.replace(', regions: [london]', ''),
      /^isf.yaml: users.0.regions: a quality-team or regional-governance user needs at least one region/,
    ],
    [
      'an unknown contact role',
      valid.replace('{ name: London }', '{ name: London, contacts: { dean: [d@example.org] } }'),
      /^isf.yaml: regions.london.contacts: unknown field 'dean'/,
    ],
    ['an unknown top-level key', `${valid}\nextra: 1\n`, /^isf.yaml: unknown field 'extra'/],
    [
      'a duration that is not one',
      `${valid}\npolicy: { reminderBefore: 'soon' }\n`,
      /^isf.yaml: policy.reminderBefore: must be a duration such as '30 days', '12h' or '20s'/,
    ],
    [
      'a review interval for category 0',
      `${valid}\npolicy: { reviewEvery: { '0': '1 day' } }\n`,
      /^isf.yaml: policy.reviewEvery: unknown field '0'/,
    ],
    [
      'a register threshold of 30',
      `${valid}\npolicy: { registerThreshold: 30 }\n`,
      /^isf.yaml: policy.registerThreshold/,
    ],
  ])('names the file and the field for %s', (_label, text, message) => {
    expect(() => parseConfig(text, 'isf.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(text, 'isf.yaml')).toThrow(message);
  });

  it('names a file it cannot read', () => {
    expect(() => loadConfig('/nonexistent/isf.yaml')).toThrow(
      /^\/nonexistent\/isf.yaml: cannot read the configuration \(ENOENT\)/,
    );
  });
});

describe('keys that prove something', () => {
  const users = (...lines: string[]) => `
users:
${lines.map((l) => `  - ${l}`).join('\n')}
regions:
  london: { name: London }
providers:
  barts: { name: Barts, region: london }
`;
  const user = (id: string, email: string, key?: string) =>
    `{ id: ${id}, name: ${id}, email: ${email}, roles: [quality-team], regions: [london]${key ? `, publicKey: '${key}'` : ''} }`;
  const own = newKeyPair().publicKey;
  // The identity point: of small order, it "verifies" signatures nobody made.
  const smallOrder = '01' + '00'.repeat(31);
  // Not the encoding of any point of the curve.
  const notAPoint = '02' + '00'.repeat(30) + '80';

  it.each([
    [
      'a key that is not a point',
      users(user('ana.quality', 'ana@example.nhs.uk', notAPoint)),
      "users.0.publicKey: ana.quality's key is not a valid Ed25519 public key",
    ],
    [
      'a small-order key',
      users(user('ana.quality', 'ana@example.nhs.uk', smallOrder)),
      "users.0.publicKey: ana.quality's key is a small-order point, which verifies forged signatures",
    ],
    [
      'a key shared by two users',
      users(user('ana.quality', 'ana@example.nhs.uk', own), user('omar.quality', 'omar@example.nhs.uk', own)),
      'users.1.publicKey: omar.quality has the same key as ana.quality: each person signs with a key of their own',
    ],
    [
      'an email shared by two users',
      users(user('ana.quality', 'ana@example.nhs.uk'), user('ana.again', 'Ana@Example.nhs.uk')),
      'users.1.email: ana.again has the same email as ana.quality (Ana@Example.nhs.uk): one person must not count as two',
    ],
    [
      'a published demo key outside the demo',
      users(user('zed.quality', 'zed@example.nhs.uk', DEMO_PUBLIC_KEYS['ana.quality'])),
      'users.0.publicKey: zed.quality has a published demo key (config/demo-keys/, ana.quality), which proves nothing: give them their own (isf keys init), or set security.demo: true for a demonstration',
    ],
  ])('refuses %s at load, naming the user', (_label, text, message) => {
    expect(() => parseConfig(text, 'isf.yaml')).toThrow(new ConfigError(`isf.yaml: ${message}`));
  });

  it('trusts the demo keys in the demo configuration only (security.demo), where the example and the demo say so', () => {
    expect(exampleConfig.security.demo).toBe(true);
    expect(loadConfig(join(dirname(EXAMPLE_CONFIG), 'isf.demo.yaml')).security.demo).toBe(true);
    expect(
      parseConfig(
        `${users(user('zed.quality', 'zed@example.nhs.uk', DEMO_PUBLIC_KEYS['ana.quality']))}\nsecurity: { demo: true }\n`,
        'isf.yaml',
      ).users[0].publicKey,
    ).toBe(DEMO_PUBLIC_KEYS['ana.quality']);
    // Another configuration that extends the example and says it is not the demo is refused.
    const dir = mkdtempSync(join(tmpdir(), 'isf-config-'));
    writeFileSync(join(dir, 'isf.yaml'), `extends: ${JSON.stringify(EXAMPLE_CONFIG)}\nsecurity: { demo: false }\n`);
    expect(() => loadConfig(join(dir, 'isf.yaml'))).toThrow(/users.0.publicKey: ana.quality has a published demo key/);
  });

  it('lists exactly the public halves of the published demo keys', () => {
    const folder = join(dirname(EXAMPLE_CONFIG), 'demo-keys');
    const published = Object.fromEntries(
      readdirSync(folder)
        .filter((f) => f.endsWith('.key'))
        .map((f) => [f.replace(/\.key$/, ''), publicKeyOf(readFileSync(join(folder, f), 'utf8').trim())]),
    );
    expect(published).toEqual(DEMO_PUBLIC_KEYS);
  });

  it('verifies with retired keys too, and refuses them when they are not trustworthy', () => {
    const retired = newKeyPair().publicKey;
    const config = parseConfig(
      users(
        `{ id: ana.quality, name: Ana, email: ana@example.nhs.uk, roles: [quality-team], regions: [london], publicKey: '${own}', retiredKeys: ['${retired}'] }`,
      ),
      'isf.yaml',
    );
    expect(snapshotOf(config).directory.users[0]).toMatchObject({ publicKey: own, retiredKeys: [retired] });
    expect(() =>
      parseConfig(
        users(
          `{ id: ana.quality, name: Ana, email: ana@example.nhs.uk, roles: [quality-team], regions: [london], retiredKeys: ['${smallOrder}'] }`,
        ),
        'isf.yaml',
      ),
    ).toThrow("users.0.retiredKeys.0: ana.quality's key is a small-order point");
  });
});

describe('extends', () => {
  it('overlays a file on the one it extends: the demo is the example with short clocks', () => {
    const demo = loadConfig(join(dirname(EXAMPLE_CONFIG), 'isf.demo.yaml'));
    expect(demo.users).toEqual(exampleConfig.users);
    expect(demo.policy).toMatchObject({ reviewEvery: { '2': '60s' }, reminderBefore: '30s', registerThreshold: 12 });
  });

  it('names a loop of files extending each other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isf-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'extends: b.yaml\n');
    writeFileSync(join(dir, 'b.yaml'), 'extends: a.yaml\n');
    expect(() => loadConfig(join(dir, 'a.yaml'))).toThrow(/extends: a.yaml extends this file again/);
  });
});

describe('snapshot', () => {
  it('changes version when users change, not otherwise', () => {
    const a = snapshotOf(exampleConfig);
    expect(snapshotOf(structuredClone(exampleConfig)).version).toBe(a.version);
    const b = snapshotOf({ ...exampleConfig, users: exampleConfig.users.slice(1) });
    expect(b.version).not.toBe(a.version);
    expect(JSON.stringify(a)).not.toContain('@');
  });
});

describe("the worker's environment", () => {
  it('takes the workflow cache size from ISF_WORKFLOW_CACHE, and names the variable when it is not a whole number of at least 2', () => {
    expect(environment({}).workflowCache).toBeUndefined();
    expect(environment({ ISF_WORKFLOW_CACHE: '100' }).workflowCache).toBe(100);
    expect(() => environment({ ISF_WORKFLOW_CACHE: 'lots' })).toThrow(
      "ISF_WORKFLOW_CACHE: expected a whole number of at least 2 (got 'lots')",
    );
    expect(() => environment({ ISF_WORKFLOW_CACHE: '1' })).toThrow(/ISF_WORKFLOW_CACHE/);
  });
});

describe('connecting to Temporal', () => {
  it('defaults to the local dev server', () => {
    expect(temporalTarget({})).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      client: { address: '127.0.0.1:7233' },
    });
  });

  it('takes an API key (Temporal Cloud, with TLS) and mTLS files from the usual variables', () => {
    const cloud = temporalTarget({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(cloud).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      client: { apiKey: 'secret-key', tls: true },
      native: { apiKey: 'secret-key' },
    });
    const dir = mkdtempSync(join(tmpdir(), 'isf-tls-'));
    writeFileSync(join(dir, 'client.pem'), 'CERT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const mtls = temporalTarget({
      TEMPORAL_ADDRESS: 'temporal.example.nhs.uk:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.nhs.uk',
    });
    expect(mtls.client.tls).toMatchObject({
      serverNameOverride: 'temporal.example.nhs.uk',
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
  });
});
