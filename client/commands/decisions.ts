// Decisions, as people take them: each is checked here with the rules' own schemas (so bad input is
// refused before anything is sent), signed with the decider's key, and sent through the ISF service
// to the concern, which checks it again. `open` and the category decisions live here; monitoring,
// the plan and good practice in their own files, all through `sendDecision`.
import { Command, Option } from 'commander';
import { randomUUID } from 'node:crypto';
import type { ConcernState } from '../../concern/state';
import type { DecisionInput, DecisionKind } from '../../concern/inputs';
import { EVIDENCE_KINDS } from '../../policy/evidence';
import type { Shown } from '../../api/schemas';
import { callService } from '../http';
import { signed } from '../keys';
import { CliError, EXIT, refusedError, validated } from '../errors';
import { formatOutcome } from '../format';
import { actor, collect, contacts, evidence, globalsOf, numeric, print, resendable, type Globals } from './shared';

export const EVIDENCE_HELP = `evidence behind it, KIND:TEXT (repeatable); kinds: ${EVIDENCE_KINDS.join(', ')}`;

/** Decisions that decide the pending proposal, and sign which one. */
const DECIDES_PROPOSAL: readonly DecisionKind[] = ['confirm', 'challenge', 'sign-off'];

/** The rules' input checks, loaded when a decision is taken: reading a concern needs none of zod. */
const rules = () => ({
  /* eslint-disable @typescript-eslint/no-require-imports */
  ...(require('../../concern/inputs') as typeof import('../../concern/inputs')),
  ...(require('../../concern/invalid') as typeof import('../../concern/invalid')),
  ...(require('../../concern/admission') as typeof import('../../concern/admission')),
  /* eslint-enable @typescript-eslint/no-require-imports */
});

/** Checks a decision as the concern will, signs it and sends it; prints the concern as it now is. */
export async function sendDecision<K extends DecisionKind>(
  globals: Globals,
  kind: K,
  ref: string,
  input: Omit<DecisionInput<K>, 'actor'>,
): Promise<void> {
  const { DECISION_SCHEMAS, refSchema, check, controlCharacterProblem } = rules();
  const who = actor(globals);
  const requestId = globals.requestId ?? randomUUID();
  validated(check(refSchema, ref, 'ref'));
  const payload = validated(check(DECISION_SCHEMAS[kind], { ...input, actor: who, requestId })) as Record<
    string,
    unknown
  >;
  const problem = controlCharacterProblem(input);
  if (problem) throw refusedError(problem);
  const state = await resendable(requestId, async () => {
    // A decision about a proposal signs which proposal it decides: the one pending now.
    if (DECIDES_PROPOSAL.includes(kind) && payload.proposal === undefined) {
      const { concern } = await callService<Shown>({
        method: 'GET',
        path: `/concerns/${encodeURIComponent(ref)}`,
        as: who,
      });
      if (concern.pending)
        payload.proposal = { category: concern.pending.category, proposedAt: concern.pending.proposedAt };
    }
    return callService<ConcernState>({
      method: 'POST',
      path: `/concerns/${encodeURIComponent(ref)}/${kind}`,
      body: signed(ref, kind, payload, who),
      as: who,
    });
  });
  print(globals, state, () => formatOutcome(state));
}

export function openCommand(): Command {
  return new Command('open')
    .description(
      'open a concern: its category takes effect at once, provisionally, until regional governance confirms it',
    )
    .requiredOption('--ref <ref>', 'reference, unique for good (e.g. LDN-2026-014)')
    .requiredOption('--title <text>', 'what the concern is')
    .requiredOption('--region <region>', 'region id from the configuration')
    .requiredOption('--provider <provider>', 'provider id from the configuration')
    .requiredOption('--site <text>', 'the clinical learning environment (ward, department, practice)')
    .requiredOption('--profession <profession>', "learners' profession (repeatable)", collect)
    .requiredOption('--learners <n>', 'number of learners affected')
    .requiredOption('--source <source>', 'evidence source (repeatable)', collect)
    .requiredOption('--likelihood <1-5>', 'risk likelihood')
    .requiredOption('--impact <1-5>', 'risk impact')
    .requiredOption('--category <0-3>', 'provisional ISF category')
    .requiredOption('--rationale <text>', 'why this category')
    .option(
      '--contact <role=address>',
      "address for one of the provider's local roles on this concern only (repeatable)",
      collect,
    )
    .option(
      '--raised-by <address>',
      'who raised the concern: told in plain words when it is categorised, changes category and closes',
    )
    .action(async (o: Record<string, string & string[]>, command: Command) => {
      const { openingSchema, check, controlCharacterProblem, contactsProblem } = rules();
      const g = globalsOf(command);
      const who = actor(g);
      const requestId = g.requestId ?? randomUUID();
      const opening = validated(
        check(openingSchema, {
          actor: who,
          requestId,
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
        }),
      );
      const problem = controlCharacterProblem(opening) ?? contactsProblem(opening.contacts);
      if (problem) throw refusedError(problem);
      const state = await resendable(requestId, () =>
        callService<ConcernState>({
          method: 'POST',
          path: '/concerns',
          body: signed(opening.ref, 'open', opening, who),
          as: who,
        }),
      );
      print(g, state, () => `opened ${formatOutcome(state)}`);
    });
}

/** propose, confirm, challenge, sign-off, rate, close and decommission. */
export function categoryCommands(): Command[] {
  return [
    new Command('propose')
      .argument('<ref>')
      .description(
        'propose a new category: 0 to 3 take effect at once, provisionally; into or out of 4 waits for national sign-off',
      )
      .requiredOption('--category <0-4>', 'the category proposed')
      .requiredOption('--rationale <text>', 'why')
      .option(
        '--evidence <kind:text>',
        `${EVIDENCE_HELP}; a change of category needs one, into or out of 4 two of different kinds`,
        collect,
      )
      .option(
        '--waive-notice',
        'category 4 on the urgent route (patient or learner safety): waive the notice period; national sign-off must approve it',
      )
      .action(
        (
          ref: string,
          o: { category: string; rationale: string; evidence?: string[]; waiveNotice?: boolean },
          c: Command,
        ) =>
          sendDecision(globalsOf(c), 'propose', ref, {
            category: numeric(o.category) as DecisionInput<'propose'>['category'],
            rationale: o.rationale,
            evidence: evidence(o.evidence) as DecisionInput<'propose'>['evidence'],
            ...(o.waiveNotice ? { waiveNotice: true } : {}),
          }),
      ),
    new Command('confirm')
      .argument('<ref>')
      .description('confirm the pending proposal (regional governance, not the proposer)')
      .option('--rationale <text>', 'why')
      .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
      .option(
        '--lead-agency <text>',
        'confirming a move into category 3: the agency that leads the recovery (required)',
      )
      .option('--owner <address>', 'confirming a move into category 3: who owns the recovery (required)')
      .action(
        (
          ref: string,
          o: { rationale?: string; evidence?: string[]; leadAgency?: string; owner?: string },
          c: Command,
        ) =>
          sendDecision(globalsOf(c), 'confirm', ref, {
            rationale: o.rationale,
            evidence: evidence(o.evidence) as DecisionInput<'confirm'>['evidence'],
            ...(o.leadAgency !== undefined ? { leadAgency: o.leadAgency } : {}),
            ...(o.owner !== undefined ? { owner: o.owner } : {}),
          }),
      ),
    new Command('challenge')
      .argument('<ref>')
      .description('challenge the pending proposal: the last confirmed category is restored (regional governance)')
      .requiredOption('--rationale <text>', 'why')
      .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
      .action((ref: string, o: { rationale: string; evidence?: string[] }, c: Command) =>
        sendDecision(globalsOf(c), 'challenge', ref, {
          rationale: o.rationale,
          evidence: evidence(o.evidence) as DecisionInput<'challenge'>['evidence'],
        }),
      ),
    new Command('sign-off')
      .argument('<ref>')
      .description(
        'national sign-off of a move into or out of category 4 (national scrutiny, not the proposer or confirmer)',
      )
      .addOption(new Option('--approve', 'approve the move').conflicts('reject'))
      .addOption(new Option('--reject', 'reject the move').conflicts('approve'))
      .requiredOption('--rationale <text>', 'why')
      .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
      .option(
        '--lead-agency <text>',
        'approving category 4: the agency that leads the recovery (required unless agreed at category 3)',
      )
      .option('--owner <address>', 'approving category 4: who owns the recovery (required unless agreed at category 3)')
      .option(
        '--approve-waiver',
        'approving category 4 proposed on the urgent route: approve the waiver of the notice period too',
      )
      .action(
        (
          ref: string,
          o: {
            approve?: boolean;
            reject?: boolean;
            rationale: string;
            evidence?: string[];
            leadAgency?: string;
            owner?: string;
            approveWaiver?: boolean;
          },
          c: Command,
        ) => {
          if (!o.approve && !o.reject) throw new CliError(EXIT.usage, 'sign-off needs --approve or --reject');
          return sendDecision(globalsOf(c), 'sign-off', ref, {
            approve: Boolean(o.approve),
            rationale: o.rationale,
            evidence: evidence(o.evidence) as DecisionInput<'sign-off'>['evidence'],
            ...(o.leadAgency !== undefined ? { leadAgency: o.leadAgency } : {}),
            ...(o.owner !== undefined ? { owner: o.owner } : {}),
            ...(o.approveWaiver ? { approveWaiver: true } : {}),
          });
        },
      ),
    new Command('rate')
      .argument('<ref>')
      .description('re-rate the risk: likelihood × impact, each 1 to 5')
      .requiredOption('--likelihood <1-5>', 'likelihood')
      .requiredOption('--impact <1-5>', 'impact')
      .requiredOption('--rationale <text>', 'why')
      .option('--evidence <kind:text>', EVIDENCE_HELP, collect)
      .action(
        (ref: string, o: { likelihood: string; impact: string; rationale: string; evidence?: string[] }, c: Command) =>
          sendDecision(globalsOf(c), 'rate', ref, {
            likelihood: numeric(o.likelihood) as number,
            impact: numeric(o.impact) as number,
            rationale: o.rationale,
            evidence: evidence(o.evidence) as DecisionInput<'rate'>['evidence'],
          }),
      ),
    new Command('close')
      .argument('<ref>')
      .description('close a concern at a confirmed category 0 or 1')
      .requiredOption('--rationale <text>', 'why')
      .action((ref: string, o: { rationale: string }, c: Command) =>
        sendDecision(globalsOf(c), 'close', ref, { rationale: o.rationale }),
      ),
    new Command('decommission')
      .argument('<ref>')
      .description(
        'propose ending category 4 by decommissioning the training posts: regional governance confirms, national scrutiny signs off, and the concern closes',
      )
      .requiredOption('--rationale <text>', 'why')
      .option('--evidence <kind:text>', `${EVIDENCE_HELP}; two of different kinds are needed`, collect)
      .action((ref: string, o: { rationale: string; evidence?: string[] }, c: Command) =>
        sendDecision(globalsOf(c), 'decommission', ref, {
          rationale: o.rationale,
          evidence: evidence(o.evidence) as DecisionInput<'decommission'>['evidence'],
        }),
      ),
  ];
}
