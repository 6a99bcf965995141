// The README's lists are the code's: checked here, so that neither drifts from the other. The
// environment variables, the updates, the events and the commands.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildProgram } from '../../client/isf';
import { EVENTS } from '../../concern/events';
import { DECISION_KINDS } from '../../concern/inputs';
import { ENVIRONMENT } from '../../config/env';
import { ROOT } from '../support/processes';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** Temporal's own connection variables, read by @temporalio/envconfig from config/connection.ts. */
const ENVCONFIG = ['TEMPORAL_API_KEY', 'TEMPORAL_TLS*', 'TEMPORAL_PROFILE'];

describe('the README says what the code does', () => {
  it('lists every environment variable config/env.ts declares, and no other', () => {
    const table = readme.slice(
      readme.indexOf('| Environment | Default |'),
      readme.indexOf('\n\n', readme.indexOf('| Environment | Default |')),
    );
    const named = table
      .split('\n')
      .slice(2)
      .flatMap((row) => ticked(row.split('|')[1]));
    expect(named.filter((n) => !ENVCONFIG.includes(n)).sort()).toEqual(Object.keys(ENVIRONMENT).sort());
  });

  it('names every update of the concern workflow', () => {
    const start = readme.indexOf('- **Decisions are Workflow Updates with validators**');
    const bullet = readme.slice(start, readme.indexOf('(`concern/decide.ts`)', start));
    expect(ticked(bullet).sort()).toEqual(['open', ...DECISION_KINDS].sort());
  });

  it('names every event a concern sends or a digest mails', () => {
    const prose = readme.replace(/```[\s\S]*?```/g, '');
    const mentioned = new Set(ticked(prose));
    expect(EVENTS.filter((e) => !mentioned.has(e))).toEqual([]);
  });

  it('shows every command of the admin script in its usage', () => {
    const usage = readme.slice(
      readme.indexOf('isf open --ref R'),
      readme.indexOf('```', readme.indexOf('isf open --ref R')),
    );
    // `isf plan add R …`, `isf codec rotate | keygen`: a command, and its subcommands.
    const shown = new Set(
      usage
        .split('\n')
        .filter((l) => l.startsWith('isf '))
        .flatMap((line) => {
          const [command, ...rest] = line.split(/\s+/).slice(1);
          const subs = rest
            .join(' ')
            .split('|')
            .map((part) => part.trim().split(/\s+/)[0])
            .filter((w) => /^[a-z-]+$/.test(w));
          return [command, ...subs.map((sub) => `${command} ${sub}`)];
        }),
    );
    const program = buildProgram();
    const help = program.createHelp();
    const commands = help.visibleCommands(program).flatMap((c) => {
      const subs = help.visibleCommands(c).filter((s) => s.name() !== 'help');
      return subs.length ? subs.map((s) => `${c.name()} ${s.name()}`) : [c.name()];
    });
    expect(commands.filter((c) => c !== 'help' && !shown.has(c))).toEqual([]);
  });
});

describe('one place for the environment', () => {
  it('reads no environment variable outside config/env.ts', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const path = join(dir, f);
        return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
      });
    const folders = [
      'activities',
      'api',
      'bench',
      'client',
      'codec',
      'concern',
      'config',
      'observability',
      'ops',
      'policy',
      'reads',
      'reports',
      'scripts',
      'service',
      'text',
      'worker',
      'workflows',
    ];
    const reads = folders
      .flatMap((f) => sources(join(ROOT, f)))
      .filter((file) => !file.endsWith(join('config', 'env.ts')))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)].map(
          (m) => `${relative(ROOT, file)}: ${m[1]}`,
        ),
      );
    expect(reads).toEqual([]);
  });
});
