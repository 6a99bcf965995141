// The admin script: `isf <command>`. Quality teams, regional governance and national scrutiny send
// their decisions with it; everyone can read concerns with it.
import { Command, CommanderError, Option } from 'commander';
import type { DecisionInput, DecisionKind, OpeningInput } from '../concern/inputs';
import type { ConcernState } from '../concern/state';
import { CliError, EXIT, refusedError, validated } from './errors';
import { ConcernClient, type ListFilter } from './concerns';
import { connect, unreachable, type Connected } from './connect';
import { checkHealth } from './health';
import { formatAgenda, formatGoodPractice, formatHealth, formatInbox, formatList, formatOutcome, formatRegister, formatSchedules, formatState, formatVerification } from './format';
import { DEFAULT_POLICY, after, before, durationSchema, type Policy } from '../config/policy';
import { EVIDENCE_KINDS, type EvidenceKind } from '../policy/evidence';
import { SHARE_SCOPES, type ShareScope } from '../policy/sharing';
import { goodPracticeShared } from '../reports/pack';
import { check } from '../concern/invalid';
import { idSchema } from '../concern/inputs';
import { applyDigestSchedules, nextDigest } from '../ops/schedules';
import { agendaOf, dueBefore, openConcernsQuery, statesOf } from './agenda';
import { clientConfig } from './config';
import { inboxOf } from './inbox';
import { initKeys } from './keys';
import { verifyAudit } from './verify';
import { applyConfig } from './config-apply';
import { defaultKeyFile, rotateKeyFile, withNewKey } from '../codec/keys';
import { historyLines } from './history';
import { REGISTER_LEVELS, registerCsv, registerRows, type RegisterLevel } from './register';
import { randomBytes, randomUUID } from 'node:crypto';
import { writePrivateFile } from '../ops/private-files';
import { dueSchema } from '../concern/inputs';
import { buildPack } from '../reports/pack';
import { loadConcerns } from '../reports/load';
import { renderPack } from '../reports/render';
import { exportConcerns, importConcerns, readExport } from './records';
import { terminalProgress } from './progress';
import { snapshotOf } from '../config/load';
import { withoutControlCharacters } from '../concern/admission';

interface Globals {
  as?: string;
  json?: boolean;
  requestId?: string;
}

/** Numbers stay as typed when they are not numbers, so that the refusal can quote them. */
function numeric(value: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function contacts(pairs: string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw refusedError(`contact: expected ROLE=ADDRESS (got '${pair}')`);
    const role = pair.slice(0, at).trim();
    (out[role] ??= []).push(pair.slice(at + 1).trim());
  }
  return out;
}

const EVIDENCE_HELP = `evidence behind it, KIND:TEXT (repeatable); kinds: ${EVIDENCE_KINDS.join(', ')}`;

/** `--evidence KIND:TEXT`, repeatable: the kind is checked with the rest of the decision. */
function evidence(values: string[] | undefined): { kind: EvidenceKind; text: string }[] {
  return (values ?? []).map((value) => {
    const at = value.indexOf(':');
    if (at <= 0) throw refusedError(`evidence: expected KIND:TEXT, e.g. learner-survey:NTS 2026 red flags for supervision (got '${value}')`);
    return { kind: value.slice(0, at).trim() as EvidenceKind, text: value.slice(at + 1).trim() };
  });
}

/** `--due`: an ISO date or date-time, or `+DURATION` from now (+6w, +90s). */
function dueDate(value: string): string {
  if (!value.startsWith('+')) return value;
  const duration = validated(check(durationSchema, value.slice(1), 'due'));
  return after(new Date().toISOString(), duration);
}

/** The policy for showing clocks; the defaults when the configuration cannot be read here. */
function policyOrDefault(): Policy {
  try {
    return clientConfig().policy;
  } catch {
    return DEFAULT_POLICY;
  }
}

function actor(globals: Globals): string {
  const id = globals.as || process.env.ISF_ACTOR;
  if (!id) throw new CliError(EXIT.usage, 'who is deciding? give --as USER or set ISF_ACTOR');
  return id;
}

/**
 * Concern text is whatever someone typed: shown to people, control characters are removed (an
 * escape sequence in a rationale must not rewrite the terminal); as JSON, C1 controls, which
 * JSON.stringify leaves as they are, are escaped too.
 */
function print(globals: Globals, value: unknown, human: () => string): void {
  process.stdout.write(`${globals.json ? json(value) : withoutControlCharacters(human())}\n`);
}

const json = (value: unknown) => JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function withClient<T>(fn: (concerns: ConcernClient, connected: Connected) => Promise<T>): Promise<T> {
  const connected = connect();
  try {
    return await fn(new ConcernClient(connected.client, timeoutMs()), connected);
  } catch (err) {
    throw (await unreachable(err, connected)) ?? err;
  } finally {
    await connected.connection.close().catch(() => undefined);
  }
}

/**
 * A decision that timed out may still be applied once a worker takes it. Re-running the command
 * with the same request id (the update id) applies it at most once, so the message says which.
 */
async function resendable<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CliError && err.exitCode === EXIT.unavailable) {
      throw new CliError(EXIT.unavailable, `${err.message}; it may still be applied: to retry it, re-run the same command with --request-id ${requestId}`);
    }
    throw err;
  }
}

function timeoutMs(): number | undefined {
  const seconds = Number(process.env.ISF_TIMEOUT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export function buildProgram(): Command {
  const program = new Command('isf')
    .description('Manage ISF concerns (HEE Intensive Support Framework) running on Temporal')
    .addOption(new Option('--as <user>', 'who is deciding (or set ISF_ACTOR)'))
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--request-id <id>', 'id of this decision (default: a new one); re-running with the same id applies it at most once')
    // Usage errors are one line on stderr, like every other refusal.
    .configureOutput({ outputError: (message, write) => write(`isf: ${message.replace(/^error: /, '').trim()} (isf --help)\n`) })
    .exitOverride();

  const globals = (): Globals => program.opts<Globals>();

  const decision = <K extends DecisionKind>(kind: K, ref: string, input: Omit<DecisionInput<K>, 'actor'>) =>
    withClient(async (concerns) => {
      const g = globals();
      const requestId = g.requestId ?? randomUUID();
      const state: ConcernState = await resendable(requestId, () => concerns.decide(ref, kind, { ...input, actor: actor(g) } as DecisionInput<K>, requestId));
      print(g, state, () => formatOutcome(state));
    });

  program
    .command('open')
    .description('open a concern: its category takes effect at once, provisionally, until regional governance confirms it')
    .requiredOption('--ref <ref>', 'reference, unique for good (e.g. LDN-2026-014)')
    .requiredOption('--title <text>', 'what the concern is')
    .requiredOption('--region <region>', 'region id from the configuration')
    .requiredOption('--provider <provider>', 'provider id from the configuration')
    .requiredOption('--site <text>', 'the clinical learning environment (ward, department, practice)')
    .requiredOption('--profession <profession>', 'learners\' profession (repeatable)', collect)
    .requiredOption('--learners <n>', 'number of learners affected')
    .requiredOption('--source <source>', 'evidence source (repeatable)', collect)
    .requiredOption('--likelihood <1-5>', 'risk likelihood')
    .requiredOption('--impact <1-5>', 'risk impact')
    .requiredOption('--category <0-3>', 'provisional ISF category')
    .requiredOption('--rationale <text>', 'why this category')
    .option('--contact <role=address>', 'address for a local role on this concern only (repeatable)', collect)
    .option('--raised-by <address>', 'who raised the concern: told in plain words when it is categorised, changes category and closes')
    .action(async (o: Record<string, string & string[]>) => {
      const g = globals();
      const opening = {
        actor: actor(g),
        ref: o.ref,
        title: o.title,
        region: o.region,
        provider: o.provider,
        site: o.site,
        professions: o.profession,
        learners: numeric(o.learners),
        sources: o.source,
        likelihood: numeric(o.likelihood),
        impact: numeric(o.impact),
        category: numeric(o.category),
        rationale: o.rationale,
        contacts: contacts(o.contact),
        ...(o.raisedBy ? { raisedBy: o.raisedBy } : {}),
      } as OpeningInput;
      await withClient(async (concerns) => {
        const requestId = g.requestId ?? randomUUID();
        const state = await resendable(requestId, () => concerns.open(opening, requestId));
        print(g, state, () => `opened ${formatOutcome(state)}`);
      });
    });

  program
    .command('propose <ref>')
    .description('propose a new category: 0 to 3 take effect at once, provisionally; into or out of 4 waits for national sign-off')
    .requiredOption('--category <0-4>', 'the category proposed')
    .requiredOption('--rationale <text>', 'why')
    .option('--evidence <kind:text>', `${EVIDENCE_HELP}; a change of category needs one, into or out of 4 two of different kinds`, collect)
    .action((ref: string, o: { category: string; rationale: string; evidence?: string[] }) =>
      decision('propose', ref, { category: numeric(o.category) as DecisionInput<'propose'>['category'], rationale: o.rationale, evidence: evidence(o.evidence) }),
    );

  program
    .command('confirm <ref>')
    .description('confirm the pending proposal (regional governance, not the proposer)')
    .option('--rationale <text>', 'why')
    .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
    .action((ref: string, o: { rationale?: string; evidence?: string[] }) => decision('confirm', ref, { rationale: o.rationale, evidence: evidence(o.evidence) }));

  program
    .command('challenge <ref>')
    .description('challenge the pending proposal: the last confirmed category is restored (regional governance)')
    .requiredOption('--rationale <text>', 'why')
    .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
    .action((ref: string, o: { rationale: string; evidence?: string[] }) => decision('challenge', ref, { rationale: o.rationale, evidence: evidence(o.evidence) }));

  program
    .command('sign-off <ref>')
    .description('national sign-off of a move into or out of category 4 (national scrutiny, not the proposer or confirmer)')
    .addOption(new Option('--approve', 'approve the move').conflicts('reject'))
    .addOption(new Option('--reject', 'reject the move').conflicts('approve'))
    .requiredOption('--rationale <text>', 'why')
    .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
    .option('--lead-agency <text>', 'approving category 4: the agency that leads the recovery (required)')
    .option('--owner <address>', 'approving category 4: who owns the recovery (required)')
    .action((ref: string, o: { approve?: boolean; reject?: boolean; rationale: string; evidence?: string[]; leadAgency?: string; owner?: string }) => {
      if (!o.approve && !o.reject) throw new CliError(EXIT.usage, 'sign-off needs --approve or --reject');
      return decision('sign-off', ref, {
        approve: Boolean(o.approve),
        rationale: o.rationale,
        evidence: evidence(o.evidence),
        ...(o.leadAgency !== undefined ? { leadAgency: o.leadAgency } : {}),
        ...(o.owner !== undefined ? { owner: o.owner } : {}),
      });
    });

  program
    .command('rate <ref>')
    .description('re-rate the risk: likelihood × impact, each 1 to 5')
    .requiredOption('--likelihood <1-5>', 'likelihood')
    .requiredOption('--impact <1-5>', 'impact')
    .requiredOption('--rationale <text>', 'why')
    .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
    .action((ref: string, o: { likelihood: string; impact: string; rationale: string; evidence?: string[] }) =>
      decision('rate', ref, {
        likelihood: numeric(o.likelihood) as number,
        impact: numeric(o.impact) as number,
        rationale: o.rationale,
        evidence: evidence(o.evidence),
      }),
    );

  program
    .command('close <ref>')
    .description('close a concern at a confirmed category 0 or 1')
    .requiredOption('--rationale <text>', 'why')
    .action((ref: string, o: { rationale: string }) => decision('close', ref, { rationale: o.rationale }));

  program
    .command('decommission <ref>')
    .description('propose ending category 4 by decommissioning the training posts: regional governance confirms, national scrutiny signs off, and the concern closes')
    .requiredOption('--rationale <text>', 'why')
    .option('--evidence <kind:text>', `${EVIDENCE_HELP}; two of different kinds are needed`, collect)
    .action((ref: string, o: { rationale: string; evidence?: string[] }) => decision('decommission', ref, { rationale: o.rationale, evidence: evidence(o.evidence) }));

  program
    .command('review <ref>')
    .description('record a monitoring review; it sets when the next one is due')
    .requiredOption('--outcome <outcome>', 'improving, no-change or deteriorating')
    .requiredOption('--summary <text>', 'what the review found')
    .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
    .action((ref: string, o: { outcome: string; summary: string; evidence?: string[] }) =>
      decision('review', ref, { outcome: o.outcome as DecisionInput<'review'>['outcome'], summary: o.summary, evidence: evidence(o.evidence) }),
    );

  program
    .command('intervene <ref>')
    .description('log an intervention: the response the category asks for')
    .requiredOption('--kind <kind>', 'urgent-risk-review, programme-review, learner-educator-review, senior-leader-engagement, desktop-review or other')
    .requiredOption('--summary <text>', 'what was done')
    .action((ref: string, o: { kind: string; summary: string }) =>
      decision('intervene', ref, { kind: o.kind as DecisionInput<'intervene'>['kind'], summary: o.summary }),
    );

  program
    .command('plan <ref> <action>')
    .description('the action plan (category 2 and above): add an objective, agree the plan, mark an objective done')
    .addHelpText('after', `
Actions:
  add    --objective TEXT --owner ADDRESS --due DATE_OR_DATETIME --measure TEXT
         (--due: 2026-12-31, 2026-12-31T17:00:00Z, or +DURATION from now, e.g. +6w, +90s)
  agree  [--rationale TEXT]
  done   --objective N --evidence TEXT
  share  --with ORG [--with ORG]   (a regulator or a partner from the configuration; the plan must be agreed)`)
    .option('--objective <text-or-n>', 'the objective (add), or its number (done)')
    .option('--owner <address>', 'who delivers it (add)')
    .option('--due <date>', 'when it is due (add)')
    .option('--measure <text>', 'how it is measured (add)')
    .option('--evidence <text>', 'what shows it is done (done)')
    .option('--rationale <text>', 'why (agree)')
    .option('--with <org>', 'a regulator or partner to share the agreed plan with (share, repeatable)', collect)
    .action((ref: string, action: string, o: Record<string, string | undefined> & { with?: string[] }) => {
      const need = (...names: string[]) => {
        const missing = names.filter((n) => o[n] === undefined);
        if (missing.length) throw new CliError(EXIT.usage, `plan ${action} needs ${missing.map((n) => `--${n}`).join(', ')}`);
      };
      switch (action) {
        case 'add':
          need('objective', 'owner', 'due', 'measure');
          return decision('plan-add', ref, { objective: o.objective!, owner: o.owner!, due: dueDate(o.due!), measure: o.measure! });
        case 'agree':
          return decision('plan-agree', ref, { rationale: o.rationale });
        case 'done':
          need('objective', 'evidence');
          return decision('plan-done', ref, { objective: numeric(o.objective!) as number, evidence: o.evidence! });
        case 'share':
          need('with');
          return decision('plan-share', ref, { with: o.with! });
        default:
          throw new CliError(EXIT.usage, `plan: unknown action '${action}' (add, agree, done or share)`);
      }
    });

  program
    .command('good-practice <ref>')
    .description('record good practice on a concern at category 0 or 1, and share it with other providers; `good-practice list`: what was shared')
    .option('--summary <text>', 'the good practice, as other providers should read it')
    .addOption(new Option('--share <scope>', "mail it to the education and quality leads of the region's providers, or of every provider").choices(SHARE_SCOPES))
    .option('--region <region>', 'list: only this region')
    .action((ref: string, o: { summary?: string; share?: ShareScope; region?: string }) => {
      if (ref === 'list') {
        return withClient(async (_concerns, { client }) => {
          const region = o.region === undefined ? undefined : validated(check(idSchema, o.region, 'region'));
          const progress = terminalProgress('reading concerns');
          const shared = goodPracticeShared(await loadConcerns(client, { region, from: new Date(0).toISOString(), to: new Date().toISOString() }, progress.update));
          progress.end();
          print(globals(), shared, () => formatGoodPractice(shared));
        });
      }
      if (o.summary === undefined) throw new CliError(EXIT.usage, 'good-practice needs --summary');
      return decision('good-practice', ref, { summary: o.summary, ...(o.share ? { share: o.share } : {}) });
    });

  program
    .command('show <ref>')
    .description('a concern: category, pending decision, risk, registers, decisions and notifications')
    .action((ref: string) =>
      withClient(async (concerns, { client }) => {
        const state = await concerns.show(ref);
        const g = globals();
        if (g.json) return print(g, state, () => '');
        const digest = await nextDigest(client, state.region);
        print(g, state, () => formatState(state, policyOrDefault(), digest));
      }),
    );

  program
    .command('list')
    .description('open concerns (from Temporal visibility), highest category first')
    .option('--region <region>', 'only this region')
    .option('--category <c>', 'only this category')
    .option('--min-category <c>', 'this category or above')
    .option('--national-register', 'only concerns on the national risk register')
    .option('--all', 'closed concerns too')
    .action((o: { region?: string; category?: string; minCategory?: string; nationalRegister?: boolean; all?: boolean }) =>
      withClient(async (concerns) => {
        const filter: ListFilter = {
          region: o.region,
          category: o.category === undefined ? undefined : (numeric(o.category) as number),
          minCategory: o.minCategory === undefined ? undefined : (numeric(o.minCategory) as number),
          nationalRegister: o.nationalRegister,
          all: o.all,
        };
        const rows = await concerns.list(filter);
        print(globals(), rows, () => formatList(rows));
      }),
    );

  program
    .command('history <ref>')
    .description("a concern's decisions in plain English, oldest first")
    .action((ref: string) =>
      withClient(async (concerns) => {
        const state = await concerns.show(ref);
        const lines = historyLines(state);
        print(globals(), lines, () => lines.join('\n'));
      }),
    );

  program
    .command('register')
    .description('the regional or national risk register, from Temporal visibility')
    .addOption(new Option('--level <level>', 'which register').choices(REGISTER_LEVELS).makeOptionMandatory())
    .option('--region <region>', 'only this region')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'))
    .action((o: { level: RegisterLevel; region?: string; format: 'table' | 'csv' | 'json' }) =>
      withClient(async (_concerns, { client }) => {
        const region = o.region === undefined ? undefined : validated(check(idSchema, o.region, 'region'));
        const rows = await registerRows(client, region, policyOrDefault(), new Date());
        const format = globals().json ? 'json' : o.format;
        if (format === 'csv') process.stdout.write(withoutControlCharacters(registerCsv(rows)));
        else if (format === 'json') process.stdout.write(`${json(rows)}\n`);
        else process.stdout.write(`${withoutControlCharacters(formatRegister(rows, o.level))}\n`);
      }),
    );

  program
    .command('report')
    .description('the governance pack: one self-contained HTML file for a governance meeting or the national scrutiny forum')
    .option('--region <region>', 'only this region')
    .option('--from <date>', 'start of the period (default: 90 days before --to)')
    .option('--to <date>', 'end of the period (default: now)')
    .requiredOption('--out <file.html>', 'where to write it')
    .action((o: { region?: string; from?: string; to?: string; out: string }) =>
      withClient(async (_concerns, { client }) => {
        const region = o.region === undefined ? undefined : validated(check(idSchema, o.region, 'region'));
        const to = o.to ? validated(check(dueSchema, o.to, 'to')) : new Date().toISOString();
        const from = o.from ? validated(check(dueSchema, o.from, 'from')).slice(0, 10) + 'T00:00:00.000Z' : before(to, '90 days');
        if (from > to) throw refusedError(`from: must be before --to (${from.slice(0, 10)} is after ${to.slice(0, 10)})`);
        const progress = terminalProgress('reading concerns');
        const states = await loadConcerns(client, { region, from, to }, progress.update);
        progress.end();
        const pack = buildPack(states, { from, to, region, policy: policyOrDefault() });
        writePrivateFile(o.out, renderPack(pack));
        const summary = { out: o.out, concerns: states.length, movements: pack.movements.length, register: pack.register.length, charts: pack.trends.length };
        const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
        print(globals(), summary, () => `wrote ${o.out}: ${n(states.length, 'concern')}, ${n(pack.movements.length, 'movement')}, ${pack.register.length} on the registers, ${n(pack.trends.length, 'chart')}`);
      }),
    );

  program
    .command('due')
    .description('reviews, objectives and decisions falling due, soonest first (overdue ones included)')
    .option('--region <region>', 'only this region')
    .option('--within <duration>', 'how far ahead to look', '14 days')
    .action((o: { region?: string; within: string }) =>
      withClient(async (_concerns, { client }) => {
        const within = validated(check(durationSchema, o.within, 'within'));
        const region = o.region === undefined ? undefined : validated(check(idSchema, o.region, 'region'));
        const policy = clientConfig().policy;
        const now = new Date().toISOString();
        const until = after(now, within);
        const states = await statesOf(client, openConcernsQuery(region ? [region] : undefined, dueBefore(until)));
        const items = agendaOf(states, policy, now, until);
        print(globals(), items, () => formatAgenda(items));
      }),
    );

  program
    .command('inbox')
    .description('what waits on you (--as USER): confirmations, sign-offs, reviews and objectives')
    .action(() =>
      withClient(async (_concerns, { client }) => {
        const g = globals();
        const items = await inboxOf(client, clientConfig(), actor(g), new Date().toISOString());
        print(g, items, () => formatInbox(items));
      }),
    );

  program
    .command('schedules <action>')
    .description('apply: create or update the weekly digest schedule of every configured region')
    .action((action: string) => {
      if (action !== 'apply') throw new CliError(EXIT.usage, `schedules: unknown action '${action}' (apply)`);
      return withClient(async (_concerns, { client }) => {
        const applied = await applyDigestSchedules(client, Object.keys(clientConfig().regions));
        print(globals(), applied, () => formatSchedules(applied));
      });
    });

  program
    .command('keys <action>')
    .description('init: make your Ed25519 key pair (private key in your own folder, mode 600) and print the public key for users[].publicKey')
    .option('--force', 'replace an existing key')
    .action((action: string, o: { force?: boolean }) => {
      if (action !== 'init') throw new CliError(EXIT.usage, `keys: unknown action '${action}' (init)`);
      const g = globals();
      const made = initKeys(actor(g), o.force);
      print(g, { user: made.user, publicKey: made.publicKey }, () =>
        [`private key: ${made.file} (readable by you alone; never share it or commit it)`, `public key:  ${made.publicKey}`, '', 'Put the public key in the configuration:', `  users: [{ id: ${made.user}, …, publicKey: ${made.publicKey} }]`].join('\n'),
      );
    });

  program
    .command('verify <ref>')
    .description("re-check every decision in a concern's audit trail against the public keys in the configuration")
    .action((ref: string) =>
      withClient(async (concerns) => {
        const verification = verifyAudit(await concerns.show(ref), clientConfig());
        print(globals(), verification, () => formatVerification(verification));
        if (verification.failed.length) throw new CliError(EXIT.refused, `entries ${verification.failed.join(', ')} of ${ref} do not verify`);
        if (verification.state) throw new CliError(EXIT.refused, `the state of ${ref} does not match its audit trail: ${verification.state}`);
      }),
    );

  program
    .command('codec <action>')
    .description('rotate: add a new payload encryption key to the key file and make it current (old keys stay, to decrypt); keygen: print a new key set and codec-server token as .env lines, for docker compose')
    .action((action: string) => {
      if (action === 'keygen') {
        const keys = JSON.stringify(withNewKey());
        const token = randomBytes(24).toString('hex');
        print(globals(), { ISF_CODEC_KEYS: keys, ISF_CODEC_TOKEN: token }, () => `ISF_CODEC_KEYS='${keys}'\nISF_CODEC_TOKEN=${token}`);
        return;
      }
      if (action !== 'rotate') throw new CliError(EXIT.usage, `codec: unknown action '${action}' (rotate, keygen)`);
      const file = process.env.ISF_CODEC_KEY_FILE || defaultKeyFile();
      const id = rotateKeyFile(file);
      print(globals(), { file, current: id }, () => `${file}: key ${id} now encrypts; restart the worker and the codec server (npm start) to use it`);
    });

  program
    .command('config <action>')
    .description('apply: check the configuration file (ISF_CONFIG) and have every open concern reload it')
    .action((action: string) => {
      if (action !== 'apply') throw new CliError(EXIT.usage, `config: unknown action '${action}' (apply)`);
      return withClient(async (_concerns, { client }) => {
        const applied = await applyConfig(client, clientConfig());
        print(globals(), applied, () => `configuration version ${applied.version}: ${applied.signalled} open concern(s) asked to reload it`);
      });
    });

  program
    .command('export')
    .description('write every concern, open and closed, as JSON (state and full audit trail) with a manifest of counts and checksums')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .action((o: { out: string }) =>
      withClient(async (_concerns, { client }) => {
        const progress = terminalProgress('exporting concerns');
        const manifest = await exportConcerns(client, o.out, progress.update);
        progress.end();
        const { concerns, open, closed } = manifest.counts;
        print(globals(), { out: o.out, ...manifest.counts }, () => `wrote ${o.out}: ${concerns} concern(s), ${open} open and ${closed} closed, with ${o.out}/manifest.json (SHA-256 of each file)`);
      }),
    );

  program
    .command('import <dir>')
    .description('recreate the open concerns of an export in this namespace, each verified by the concern itself and continuing from its state with its clocks planned afresh')
    .action((dir: string) => {
      // Checked before connecting: nothing is imported from a damaged or altered export.
      const { records } = readExport(dir);
      const config = snapshotOf(clientConfig());
      return withClient(async (_concerns, { client }) => {
        const progress = terminalProgress('importing concerns');
        const result = await importConcerns(client, records, config, progress.update);
        progress.end();
        print(globals(), result, () =>
          [
            `imported ${result.imported.length} open concern(s)`,
            ...(result.existing.length ? [`left ${result.existing.length} already here as they are: ${result.existing.join(', ')}`] : []),
            ...(result.closed.length ? [`kept ${result.closed.length} closed concern(s) in the export only (records, not recreated)`] : []),
            ...result.refused.map((r) => `refused ${r.ref}: ${r.reason}`),
          ].join('\n'),
        );
        if (result.refused.length) {
          throw refusedError(`${result.refused.length} concern(s) refused: ${result.refused.map((r) => r.reason).join('; ')}`);
        }
      });
    });

  program
    .command('health')
    .description('exit 0 only when Temporal answers, the search attributes exist and a worker polls isf-concerns')
    .action(() =>
      withClient(async (_concerns, { client, connection, address }) => {
        const checks = await checkHealth(client, connection, address);
        const ok = checks.every((c) => c.ok);
        print(globals(), { ok, checks }, () => formatHealth(checks));
        if (!ok) throw new CliError(EXIT.unavailable, 'not healthy');
      }),
    );

  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are answers, not errors; commander has already printed the message.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const error = err instanceof CliError ? err : new CliError(EXIT.unavailable, (err as Error).message ?? String(err));
    if (error.message !== 'not healthy') process.stderr.write(`isf: ${withoutControlCharacters(error.message)}\n`);
    return error.exitCode;
  }
}
