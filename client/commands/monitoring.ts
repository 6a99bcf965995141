// Monitoring decisions: reviews, interventions, the action plan and good practice, through the
// ISF service like every decision.
import { Command, Option } from 'commander';
import type { DecisionInput } from '../../concern/inputs';
import { SHARE_SCOPES, type ShareScope } from '../../policy/sharing';
import { WITHHOLDABLE_ROLES } from '../../policy/stakeholders';
import type { SharedGoodPractice } from '../../api/schemas';
import { after } from '../../config/durations';
import { callService } from '../http';
import { CliError, EXIT, refusedError } from '../errors';
import { formatGoodPractice } from '../format';
import { EVIDENCE_HELP, sendDecision } from './decisions';
import { actor, collect, evidence, globalsOf, numeric, print } from './shared';

/** `--due`: an ISO date or date-time, or `+DURATION` from now (+6w, +90s). */
function dueDate(value: string): string {
  if (!value.startsWith('+')) return value;
  try {
    return after(new Date().toISOString(), value.slice(1));
  } catch {
    throw refusedError(`due: must be an ISO date, an ISO date-time or +DURATION such as +6w or +90s (got '${value}')`);
  }
}

export function monitoringCommands(): Command[] {
  return [
    new Command('review')
      .argument('<ref>')
      .description('record a monitoring review; it sets when the next one is due')
      .requiredOption('--outcome <outcome>', 'improving, no-change or deteriorating')
      .requiredOption('--summary <text>', 'what the review found')
      .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
      .action((ref: string, o: { outcome: string; summary: string; evidence?: string[] }, c: Command) =>
        sendDecision(globalsOf(c), 'review', ref, {
          outcome: o.outcome as DecisionInput<'review'>['outcome'],
          summary: o.summary,
          evidence: evidence(o.evidence) as DecisionInput<'review'>['evidence'],
        }),
      ),
    new Command('intervene')
      .argument('<ref>')
      .description('log an intervention: the response the category asks for')
      .requiredOption(
        '--kind <kind>',
        'urgent-risk-review, programme-review, learner-educator-review, senior-leader-engagement, desktop-review or other',
      )
      .requiredOption('--summary <text>', 'what was done')
      .action((ref: string, o: { kind: string; summary: string }, c: Command) =>
        sendDecision(globalsOf(c), 'intervene', ref, {
          kind: o.kind as DecisionInput<'intervene'>['kind'],
          summary: o.summary,
        }),
      ),
    planCommand(),
    goodPracticeCommand(),
    new Command('audience')
      .argument('<ref>')
      .description(
        "at category 0 or 1, hold back a concern's notices from one of the nine local roles (as appropriate), or restore it",
      )
      .option('--withhold <role>', `a local role: ${WITHHOLDABLE_ROLES.join(', ')}`)
      .option('--restore <role>', 'a role held back')
      .option('--reason <text>', 'why (required to withhold)')
      .action((ref: string, o: { withhold?: string; restore?: string; reason?: string }, c: Command) => {
        if ((o.withhold === undefined) === (o.restore === undefined))
          throw new CliError(EXIT.usage, 'audience needs --withhold ROLE --reason TEXT, or --restore ROLE');
        return sendDecision(globalsOf(c), 'audience', ref, {
          ...(o.withhold !== undefined ? { withhold: o.withhold } : {}),
          ...(o.restore !== undefined ? { restore: o.restore } : {}),
          ...(o.reason !== undefined ? { reason: o.reason } : {}),
        });
      }),
  ];
}

type PlanOptions = {
  objective?: string;
  owner?: string;
  due?: string;
  measure?: string;
  answers?: string;
  evidence?: string;
  rationale?: string;
  agreedBy?: string;
  with?: string[];
};

const PLAN_ACTIONS = {
  add: (ref: string, o: PlanOptions, c: Command) =>
    sendDecision(globalsOf(c), 'plan-add', ref, {
      objective: o.objective!,
      owner: o.owner!,
      due: dueDate(o.due!),
      measure: o.measure!,
      ...(o.answers !== undefined ? { answers: numeric(o.answers) as number } : {}),
    }),
  agree: (ref: string, o: PlanOptions, c: Command) =>
    sendDecision(globalsOf(c), 'plan-agree', ref, {
      rationale: o.rationale,
      ...(o.agreedBy !== undefined ? { agreedBy: o.agreedBy } : {}),
    }),
  done: (ref: string, o: PlanOptions, c: Command) =>
    sendDecision(globalsOf(c), 'plan-done', ref, { objective: numeric(o.objective!) as number, evidence: o.evidence! }),
  share: (ref: string, o: PlanOptions, c: Command) => sendDecision(globalsOf(c), 'plan-share', ref, { with: o.with! }),
};

/** `isf plan add|agree|done|share R …` (and, as before, `isf plan R add|agree|done|share …`). */
function planCommand(): Command {
  const plan = new Command('plan').description(
    'the action plan (category 1 and above): add an objective, agree the plan, mark an objective done, share it',
  );
  plan
    .command('add')
    .argument('<ref>')
    .description('add a SMART objective')
    .requiredOption('--objective <text>', 'the objective')
    .requiredOption('--owner <address>', 'who delivers it')
    .requiredOption(
      '--due <date>',
      'when it is due: 2026-12-31, 2026-12-31T17:00:00Z, or +DURATION from now (+6w, +90s)',
    )
    .requiredOption('--measure <text>', 'how it is measured')
    .option('--answers <n>', 'the intervention (1, 2, …) whose recommendations it answers')
    .action(PLAN_ACTIONS.add);
  plan
    .command('agree')
    .argument('<ref>')
    .description('agree the plan with the provider')
    .option('--agreed-by <name-role>', 'who agreed it at the provider: "NAME, ROLE" (required)')
    .option('--rationale <text>', 'why')
    .action(PLAN_ACTIONS.agree);
  plan
    .command('done')
    .argument('<ref>')
    .description('mark an objective done')
    .requiredOption('--objective <n>', 'its number')
    .requiredOption('--evidence <text>', 'what shows it is done')
    .action(PLAN_ACTIONS.done);
  plan
    .command('share')
    .argument('<ref>')
    .description('send the agreed plan to regulators or partners of the configuration')
    .requiredOption('--with <org>', 'a regulator or partner (repeatable)', collect)
    .action(PLAN_ACTIONS.share);
  // The order of earlier releases, `isf plan R add …`, still works.
  plan
    .command('by-ref', { isDefault: true, hidden: true })
    .argument('<ref>')
    .argument('<action>')
    .option('--objective <text-or-n>')
    .option('--owner <address>')
    .option('--due <date>')
    .option('--measure <text>')
    .option('--answers <n>')
    .option('--evidence <text>')
    .option('--rationale <text>')
    .option('--agreed-by <name-role>')
    .option('--with <org>', '', collect)
    .action((ref: string, action: string, o: PlanOptions, c: Command) => {
      const need: Record<string, (keyof PlanOptions)[]> = {
        add: ['objective', 'owner', 'due', 'measure'],
        agree: [],
        done: ['objective', 'evidence'],
        share: ['with'],
      };
      if (!(action in need))
        throw new CliError(EXIT.usage, `plan: unknown action '${action}' (add, agree, done or share)`);
      const missing = need[action].filter((n) => o[n] === undefined);
      if (missing.length)
        throw new CliError(EXIT.usage, `plan ${action} needs ${missing.map((n) => `--${n}`).join(', ')}`);
      return PLAN_ACTIONS[action as keyof typeof PLAN_ACTIONS](ref, o, c);
    });
  return plan;
}

/** `isf good-practice record R --summary …` (or `isf good-practice R …`) and `isf good-practice list`. */
function goodPracticeCommand(): Command {
  const gp = new Command('good-practice').description(
    'good practice at category 0 or 1: record and share it, or list what was recorded',
  );
  const record = (ref: string, o: { summary: string; share?: ShareScope }, c: Command) =>
    sendDecision(globalsOf(c), 'good-practice', ref, { summary: o.summary, ...(o.share ? { share: o.share } : {}) });
  gp.command('record')
    .argument('<ref>')
    .description('record good practice on a concern, and share it with other providers')
    .requiredOption('--summary <text>', 'the good practice, as other providers should read it')
    .addOption(
      new Option(
        '--share <scope>',
        "mail it to the education and quality leads of the region's providers, or of every provider",
      ).choices(SHARE_SCOPES),
    )
    .action(record);
  gp.command('list')
    .description('good practice recorded on the concerns you may read, newest first')
    .option('--region <region>', 'only this region')
    .action(async (o: { region?: string }, c: Command) => {
      const g = globalsOf(c);
      const shared = await callService<SharedGoodPractice[]>({
        method: 'GET',
        path: '/good-practice',
        query: { region: o.region },
        as: actor(g),
      });
      print(g, shared, () => formatGoodPractice(shared));
    });
  gp.command('by-ref', { isDefault: true, hidden: true })
    .argument('<ref>')
    .requiredOption('--summary <text>')
    .addOption(new Option('--share <scope>').choices(SHARE_SCOPES))
    .action(record);
  return gp;
}
