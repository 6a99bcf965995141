// Operator commands: straight to Temporal with the operator's environment (TEMPORAL_ADDRESS or a
// profile, the payload keys, ISF_CONFIG), never through the service. Each loads the Temporal
// client only when it runs, so that people's commands stay light.
/* eslint-disable @typescript-eslint/no-require-imports */
import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { CliError, EXIT } from '../errors';
import { globalsOf, group, print } from './shared';

const connect = () => require('../connect') as typeof import('../connect');
const config = () => (require('../config') as typeof import('../config')).clientConfig();

export function operatorCommands(): Command[] {
  const schedules = group('schedules', 'the weekly digest schedules, regional and national', (g) =>
    g
      .command('apply')
      .description(
        'create or update the weekly digest schedule of every configured region and the national one (idempotent)',
      )
      .action((_o: unknown, c: Command) =>
        connect().withTemporal(async ({ client }) => {
          const { applyDigestSchedules } = require('../../ops/schedules') as typeof import('../../ops/schedules');
          const { formatSchedules } = require('../format') as typeof import('../format');
          const applied = await applyDigestSchedules(client, Object.keys(config().regions));
          print(globalsOf(c), applied, () => formatSchedules(applied));
        }),
      ),
  );

  const configCommand = group('config', 'the configuration the workers and the service read', (g) =>
    g
      .command('apply')
      .description('check the configuration file (ISF_CONFIG) and have every open concern reload it')
      .action((_o: unknown, c: Command) =>
        connect().withTemporal(async ({ client }) => {
          const { applyConfig } = require('../config-apply') as typeof import('../config-apply');
          const applied = await applyConfig(client, config());
          print(
            globalsOf(c),
            applied,
            () => `configuration version ${applied.version}: ${applied.signalled} open concern(s) asked to reload it`,
          );
        }),
      ),
  );

  const codec = group('codec', 'payload encryption keys', (g) => {
    g.command('rotate')
      .description('add a new payload encryption key to the key file and make it current (old keys stay, to decrypt)')
      .action((_o: unknown, c: Command) => {
        const { rotateKeyFile } = require('../../codec/keys') as typeof import('../../codec/keys');
        const { codecKeySource } = require('../../config/env') as typeof import('../../config/env');
        const { file } = codecKeySource();
        const id = rotateKeyFile(file);
        print(
          globalsOf(c),
          { file, current: id },
          () =>
            `${file}: key ${id} now encrypts; restart the worker, the service and the codec server (npm start) to use it`,
        );
      });
    g.command('keygen')
      .description('print a new key set and codec-server token as .env lines, for docker compose')
      .action((_o: unknown, c: Command) => {
        const { withNewKey } = require('../../codec/keys') as typeof import('../../codec/keys');
        const keys = JSON.stringify(withNewKey());
        const token = randomBytes(24).toString('hex');
        print(
          globalsOf(c),
          { ISF_CODEC_KEYS: keys, ISF_CODEC_TOKEN: token },
          () => `ISF_CODEC_KEYS='${keys}'\nISF_CODEC_TOKEN=${token}`,
        );
      });
  });

  const exportCommand = new Command('export')
    .description(
      'write every concern, open and closed, as JSON (state and full audit trail) with a manifest of counts and checksums',
    )
    .requiredOption('--out <dir>', 'a new or empty folder')
    .action((o: { out: string }, c: Command) =>
      connect().withTemporal(async ({ client }) => {
        const { exportConcerns } = require('../records') as typeof import('../records');
        const { terminalProgress } = require('../progress') as typeof import('../progress');
        const progress = terminalProgress('exporting concerns');
        const manifest = await exportConcerns(client, o.out, progress.update);
        progress.end();
        const { concerns, open, closed } = manifest.counts;
        print(
          globalsOf(c),
          { out: o.out, ...manifest.counts },
          () =>
            `wrote ${o.out}: ${concerns} concern(s), ${open} open and ${closed} closed, with ${o.out}/manifest.json (SHA-256 of each file)`,
        );
      }),
    );

  const importCommand = new Command('import')
    .argument('<dir>')
    .description(
      'recreate the open concerns of an export in this namespace, each verified by the concern itself and continuing from its state with its clocks planned afresh',
    )
    .action((dir: string, _o: unknown, c: Command) => {
      const { importConcerns, readExport } = require('../records') as typeof import('../records');
      const { snapshotOf } = require('../../config/load') as typeof import('../../config/load');
      // Checked before connecting: nothing is imported from a damaged or altered export.
      const { records } = readExport(dir);
      const snapshot = snapshotOf(config());
      return connect().withTemporal(async ({ client }) => {
        const { terminalProgress } = require('../progress') as typeof import('../progress');
        const progress = terminalProgress('importing concerns');
        const result = await importConcerns(client, records, snapshot, progress.update);
        progress.end();
        print(globalsOf(c), result, () =>
          [
            `imported ${result.imported.length} open concern(s)`,
            ...(result.existing.length
              ? [`left ${result.existing.length} already here as they are: ${result.existing.join(', ')}`]
              : []),
            ...(result.closed.length
              ? [`kept ${result.closed.length} closed concern(s) in the export only (records, not recreated)`]
              : []),
            ...result.refused.map((r) => `refused ${r.ref}: ${r.reason}`),
          ].join('\n'),
        );
        if (result.refused.length)
          throw new CliError(
            EXIT.refused,
            `${result.refused.length} concern(s) refused: ${result.refused.map((r) => r.reason).join('; ')}`,
          );
      });
    });

  const namespace = group('namespace', 'the Temporal namespace', (g) =>
    g
      .command('setup')
      .description(
        'create the namespace if missing, register the search attributes and keep closed concerns ten years (idempotent)',
      )
      .action((_o: unknown, c: Command) =>
        connect().withTemporal(async ({ connection, namespace: name }) => {
          const { prepareNamespace } = require('../../ops/namespace') as typeof import('../../ops/namespace');
          const added = await prepareNamespace(connection, name);
          print(
            globalsOf(c),
            { namespace: name, searchAttributesAdded: added },
            () => `namespace ${name} ready${added.length ? `; registered ${added.join(', ')}` : ''}`,
          );
        }),
      ),
  );

  const readModel = group('read-model', "the read model the service's lists, registers and reports read", (g) =>
    g
      .command('rebuild')
      .description(
        'make the read model again from the workflows: every concern, open and closed, as it is now (ISF_READ_MODEL)',
      )
      .action((_o: unknown, c: Command) =>
        connect().withTemporal(async ({ client }) => {
          const { openReadModel } = require('../../reads/open') as typeof import('../../reads/open');
          const { rebuildReadModel } = require('../../reads/rebuild') as typeof import('../../reads/rebuild');
          const { terminalProgress } = require('../progress') as typeof import('../progress');
          const model = await openReadModel(client.options.dataConverter);
          try {
            const progress = terminalProgress('rebuilding the read model');
            const rebuilt = await rebuildReadModel(client, model, progress.update);
            progress.end();
            print(globalsOf(c), { readModel: model.store.kind, ...rebuilt }, () =>
              [
                `rebuilt the read model (${model.store.kind}): ${rebuilt.concerns} concern(s), ${rebuilt.open} open and ${rebuilt.closed} closed`,
                ...(rebuilt.removed.length ? [`removed ${rebuilt.removed.join(', ')} (not in Temporal)`] : []),
                ...(rebuilt.unreadable.length ? [`could not read ${rebuilt.unreadable.join(', ')}`] : []),
              ].join('\n'),
            );
            if (rebuilt.unreadable.length)
              throw new CliError(
                EXIT.unavailable,
                `could not read ${rebuilt.unreadable.length} workflow(s) (is a worker running?): ${rebuilt.unreadable.join(', ')}`,
              );
          } finally {
            await model.close();
          }
        }),
      ),
  );

  return [schedules, configCommand, codec, exportCommand, importCommand, namespace, readModel];
}
