// docker-compose.yml cannot be started here (no Docker engine), so it is checked as a document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: unknown;
  ports?: string[];
  healthcheck?: unknown;
  restart?: string;
  entrypoint?: string[];
  profiles?: string[];
}

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('has the team deployment: database, Temporal with its schema, UI, mail, set-up, worker and admin script', () => {
    expect(Object.keys(services).sort()).toEqual(['isf', 'isf-setup', 'mailpit', 'postgresql', 'temporal', 'temporal-schema', 'temporal-ui', 'worker']);
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:(?!latest$)[\w.-]+$/)]);
    }
  });

  it('listens on localhost only', () => {
    for (const service of Object.values(services)) for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('health-checks and restarts every long-running service, and keeps data in named volumes', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'mailpit', 'worker']) {
      expect([name, services[name].healthcheck]).toEqual([name, expect.anything()]);
      expect([name, services[name].restart]).toEqual([name, 'unless-stopped']);
    }
    expect(Object.keys(compose.volumes).sort()).toEqual(['mail-data', 'postgres-data']);
  });

  it('runs the worker image\'s entry point and the admin script from the same build', () => {
    const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "dist/worker/index.js"]');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(services.worker.entrypoint).toBeUndefined();
    expect(services.isf.entrypoint).toEqual(['node', 'bin/isf.js']);
    expect(services.worker.image).toBe(services.isf.image);
  });
});
