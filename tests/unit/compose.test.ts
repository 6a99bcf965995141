// docker-compose.yml cannot be started here (no Docker engine), so it is checked as a document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { composeImageTag, temporalServerVersion } from '../../ops/temporal-server';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  build?: unknown;
  ports?: string[];
  healthcheck?: unknown;
  restart?: string;
  entrypoint?: string[];
  profiles?: string[];
}

const ROOT = join(__dirname, '..', '..');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('has the team deployment: database, Temporal with its schema, UI, mail, set-up, worker and admin script', () => {
    expect(Object.keys(services).sort()).toEqual([
      'codec',
      'isf',
      'isf-service',
      'isf-setup',
      'mailpit',
      'postgresql',
      'temporal',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:(?!latest$)[\w.-]+$/)]);
    }
  });

  it('listens on localhost only', () => {
    for (const service of Object.values(services))
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('health-checks and restarts every long-running service, and keeps data in named volumes', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'codec', 'mailpit', 'worker']) {
      expect([name, services[name].healthcheck]).toEqual([name, expect.anything()]);
      expect([name, services[name].restart]).toEqual([name, 'unless-stopped']);
    }
    expect(Object.keys(compose.volumes).sort()).toEqual(['mail-data', 'postgres-data']);
  });

  it("runs the worker image's entry point and the admin script from the same build", () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "dist/worker/index.js"]');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(services.worker.entrypoint).toBeUndefined();
    expect(services.isf.entrypoint).toEqual(['node', 'bin/isf.js']);
    expect(services.worker.image).toBe(services.isf.image);
  });

  it('gives the worker, the service and the operator commands one read model: a PostgreSQL database beside Temporal', () => {
    for (const name of ['worker', 'isf-service', 'isf']) {
      expect([name, services[name].environment?.ISF_READ_MODEL]).toEqual([
        name,
        'postgres://${POSTGRES_USER:-temporal}:${POSTGRES_PASSWORD:-temporal}@postgresql:5432/isf_read_model',
      ]);
    }
    expect(readFileSync(join(ROOT, 'deploy', 'setup-postgres.sh'), 'utf8')).toContain(
      'for db in temporal temporal_visibility isf_read_model; do',
    );
  });

  it('encrypts payloads: the worker, the admin script and the codec server share the keys, and the UI decodes through the codec server', () => {
    for (const name of ['worker', 'isf', 'isf-setup', 'codec']) {
      expect([name, services[name].environment?.ISF_CODEC_KEYS]).toEqual([
        name,
        expect.stringMatching(/^\$\{ISF_CODEC_KEYS:\?/),
      ]);
    }
    expect(services.codec.entrypoint).toEqual(['node', 'dist/codec/main.js']);
    expect(services.codec.ports).toEqual(['127.0.0.1:8288:8288']);
    expect(services['temporal-ui'].environment?.TEMPORAL_CODEC_ENDPOINT).toMatch(
      /^http:\/\/localhost:8288\/\$\{ISF_CODEC_TOKEN:\?/,
    );
    expect(services.codec.environment?.ISF_CODEC_TOKEN).toMatch(/^\$\{ISF_CODEC_TOKEN:\?/);
  });

  it("exposes the worker's metrics on localhost and sets its log level", () => {
    expect(services.worker.environment).toMatchObject({
      ISF_METRICS_PORT: '9464',
      ISF_METRICS_HOST: '0.0.0.0',
      ISF_LOG_LEVEL: '${ISF_LOG_LEVEL:-info}',
    });
    expect(services.worker.ports).toEqual(['127.0.0.1:9464:9464']);
  });

  it('runs the ISF service beside the worker, with the keys, and points the admin script at it', () => {
    expect(services['isf-service']).toMatchObject({
      entrypoint: ['node', 'dist/service/main.js'],
      ports: ['127.0.0.1:8280:8280', '127.0.0.1:9465:9465'],
      restart: 'unless-stopped',
    });
    expect(services['isf-service'].environment).toMatchObject({
      ISF_SERVICE_HOST: '0.0.0.0',
      ISF_SERVICE_PORT: '8280',
      ISF_CODEC_KEYS: expect.stringMatching(/^\$\{ISF_CODEC_KEYS:\?/) as unknown,
    });
    expect(services.isf.environment?.ISF_SERVICE_URL).toBe('http://isf-service:8280');
  });

  it("requires a configuration of one's own, and keeps the published demo keys out of the image", () => {
    // Services that read the configuration take it from ISF_CONFIG_FILE, which compose refuses to do without.
    const mounts = composeText.match(/\$\{ISF_CONFIG_FILE[^}]*\}/g) ?? [];
    expect(mounts.length).toBeGreaterThan(0);
    for (const mount of mounts) expect(mount).toMatch(/^\$\{ISF_CONFIG_FILE:\?/);
    expect(composeText).not.toContain('isf.example.yaml');
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')).toContain('config/demo-keys');
  });

  it('documents every setting it reads in .env.example, and keeps .env out of git and the image', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const variables = [...new Set([...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]))];
    expect(variables.length).toBeGreaterThan(5);
    for (const name of variables) expect([name, example.includes(`${name}=`)]).toEqual([name, true]);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.env');
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')).toContain('.env');
  });

  it('runs the Temporal Server release the cluster test builds and runs, with the same schema steps, namespace set-up and dynamic configuration', () => {
    // One version, stated once (the temporal image's tag): the cluster test builds what compose pins.
    const version = temporalServerVersion();
    expect(services.temporal.image).toBe(`temporalio/server:${version}`);
    expect(composeImageTag('temporal-schema')).toBe(version);
    // The schema job runs deploy/setup-postgres.sh, as the cluster test does, with the same variables.
    expect(services['temporal-schema'].entrypoint).toEqual(['/bin/sh', '/setup-postgres.sh']);
    const script = readFileSync(join(ROOT, 'deploy', 'setup-postgres.sh'), 'utf8');
    for (const variable of ['POSTGRES_USER', 'SQL_PASSWORD', 'POSTGRES_SEEDS', 'DB_PORT']) {
      expect([
        variable,
        script.includes(variable),
        variable in (services['temporal-schema'].environment ?? {}),
      ]).toEqual([variable, true, true]);
    }
    expect(services['isf-setup'].entrypoint).toEqual(['node', 'dist/scripts/setup-namespace.js']);
    expect(services.temporal.environment?.DYNAMIC_CONFIG_FILE_PATH).toBe('config/dynamicconfig/development-sql.yaml');
    expect(readFileSync(join(ROOT, 'tests', 'support', 'temporal-server.ts'), 'utf8')).toContain(
      "'deploy', 'dynamicconfig', 'development-sql.yaml'",
    );
  });

  it('names in the README the entry points it uses', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('node dist/worker/index.js');
    expect(readme).toContain('docker compose up -d');
    expect(readme).toContain('codec keygen');
  });
});
