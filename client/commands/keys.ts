// `isf keys init`: your signing key, on your machine alone.
import type { Command } from 'commander';
import { initKeys } from '../keys';
import { actor, globalsOf, group, print } from './shared';

export function keysCommand(): Command {
  return group('keys', 'your Ed25519 signing key', (keys) =>
    keys
      .command('init')
      .description(
        'make your key pair (private key in your own folder, mode 600) and print the public key for users[].publicKey',
      )
      .option('--force', 'replace an existing key')
      .action((o: { force?: boolean }, c: Command) => {
        const g = globalsOf(c);
        const made = initKeys(actor(g), o.force);
        print(g, { user: made.user, publicKey: made.publicKey }, () =>
          [
            `private key: ${made.file} (readable by you alone; never share it or commit it)`,
            `public key:  ${made.publicKey}`,
            '',
            'Put the public key in the configuration:',
            `  users: [{ id: ${made.user}, …, publicKey: ${made.publicKey} }]`,
            'If it replaces a key of yours, move the old public key to retiredKeys: your past decisions still verify.',
          ].join('\n'),
        );
      }),
  );
}
