// Reading across concerns: listings, the registers, what falls due, your inbox and the governance
// pack, through the ISF service, for the regions you may read.
import { Command, Option } from 'commander';
import type { AgendaItem, ConcernListing, InboxItem, RegisterLevel, RegisterRow, Report } from '../../api/schemas';
import { withoutControlCharacters } from '../../concern/text';
import { writePrivateFile } from '../../ops/private-files';
import { callService } from '../http';
import { formatAgenda, formatInbox, formatList, formatRegister } from '../format';
import { registerCsv } from '../register-csv';
import { actor, globalsOf, json, numeric, print } from './shared';

export function listCommands(): Command[] {
  return [
    new Command('list')
      .description('open concerns (from Temporal visibility), highest category first')
      .option('--region <region>', 'only this region')
      .option('--category <c>', 'only this category')
      .option('--min-category <c>', 'this category or above')
      .option('--national-register', 'only concerns on the national risk register')
      .option('--all', 'closed concerns too')
      .action(
        async (
          o: { region?: string; category?: string; minCategory?: string; nationalRegister?: boolean; all?: boolean },
          c: Command,
        ) => {
          const g = globalsOf(c);
          const query = {
            region: o.region,
            category: o.category === undefined ? undefined : numeric(o.category),
            minCategory: o.minCategory === undefined ? undefined : numeric(o.minCategory),
            nationalRegister: o.nationalRegister,
            all: o.all,
          };
          const rows = await callService<ConcernListing[]>({ method: 'GET', path: '/concerns', query, as: actor(g) });
          print(g, rows, () => formatList(rows));
        },
      ),
    new Command('register')
      .description('the regional or national risk register, now or at a past date, from the read model')
      .addOption(
        new Option('--level <level>', 'which register').choices(['regional', 'national']).makeOptionMandatory(),
      )
      .option('--region <region>', 'only this region')
      .option('--at <date>', 'as it stood at the end of that day (UTC), from the audit trails')
      .addOption(new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'))
      .action(
        async (
          o: { level: RegisterLevel; region?: string; at?: string; format: 'table' | 'csv' | 'json' },
          c: Command,
        ) => {
          const g = globalsOf(c);
          const rows = await callService<RegisterRow[]>({
            method: 'GET',
            path: `/registers/${o.level}`,
            query: { region: o.region, at: o.at },
            as: actor(g),
          });
          const format = g.json ? 'json' : o.format;
          if (format === 'csv') process.stdout.write(withoutControlCharacters(registerCsv(rows)));
          else if (format === 'json') process.stdout.write(`${json(rows)}\n`);
          else process.stdout.write(`${withoutControlCharacters(formatRegister(rows, o.level, o.at))}\n`);
        },
      ),
    new Command('report')
      .description(
        'the governance pack: one self-contained HTML file for a governance meeting or the national scrutiny forum',
      )
      .option('--region <region>', 'only this region')
      .option('--from <date>', 'start of the period (default: 90 days before --to)')
      .option('--to <date>', 'end of the period (default: now)')
      .requiredOption('--out <file.html>', 'where to write it (readable by you alone)')
      .action(async (o: { region?: string; from?: string; to?: string; out: string }, c: Command) => {
        const g = globalsOf(c);
        const stop = progress('building the governance pack');
        const report = await callService<Report>({
          method: 'GET',
          path: '/report',
          query: { region: o.region, from: o.from, to: o.to },
          as: actor(g),
          timeoutMs: 600_000,
        }).finally(stop);
        writePrivateFile(o.out, report.html);
        const { concerns, movements, register, charts } = report.summary;
        const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
        print(
          g,
          { out: o.out, ...report.summary },
          () =>
            `wrote ${o.out}: ${n(concerns, 'concern')}, ${n(movements, 'movement')}, ${register} on the registers, ${n(charts, 'chart')}`,
        );
      }),
    new Command('due')
      .description('reviews, objectives and decisions falling due, soonest first (overdue ones included)')
      .option('--region <region>', 'only this region')
      .option('--within <duration>', 'how far ahead to look', '14 days')
      .action(async (o: { region?: string; within: string }, c: Command) => {
        const g = globalsOf(c);
        const items = await callService<AgendaItem[]>({
          method: 'GET',
          path: '/due',
          query: { region: o.region, within: o.within },
          as: actor(g),
        });
        print(g, items, () => formatAgenda(items));
      }),
    new Command('inbox')
      .description('what waits on you (--as USER): confirmations, sign-offs, reviews and objectives')
      .action(async (_o: unknown, c: Command) => {
        const g = globalsOf(c);
        const items = await callService<InboxItem[]>({ method: 'GET', path: '/inbox', as: actor(g) });
        print(g, items, () => formatInbox(items));
      }),
  ];
}

/** A line on the terminal while something takes a while (never on stdout, never with --json's output). */
function progress(what: string): () => void {
  if (!process.stderr.isTTY) return () => undefined;
  process.stderr.write(`${what}…`);
  return () => process.stderr.write('\r\x1b[K');
}
