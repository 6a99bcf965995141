// The concerns the benchmark opens, and the next valid decision for each: confirm the opening,
// then propose 3 / confirm / propose 2 / confirm, round and round, as a quality team and
// regional governance would. Every tenth concern opens in the midlands and takes no decisions: at
// 10,000 open, the midlands' 1,000 are the governance pack the benchmark times.
//
// A confirmation signs the proposal it decides. The pool names it from the state the proposal
// returned, as someone who has just read the concern would, so that a decision is one update:
// without it the admin script first queries the concern for it (`isf confirm` does), and the
// benchmark would time a query and an update against the no-op's one update.
import type { ConcernClient } from '../client/concerns';
import type { OpeningInput } from '../concern/inputs';
import type { ConcernState } from '../concern/state';

type Phase = 'provisional' | 'settled-2' | 'pending-3' | 'settled-3' | 'pending-2';
type Proposal = Pick<NonNullable<ConcernState['pending']>, 'category' | 'proposedAt'> | undefined;

const NEXT: Record<
  Phase,
  { phase: Phase; decide: (c: ConcernClient, ref: string, proposal: Proposal) => Promise<ConcernState> }
> = {
  provisional: {
    phase: 'settled-2',
    decide: (c, ref, proposal) => c.decide(ref, 'confirm', { actor: 'ben.governance', proposal }),
  },
  'settled-2': {
    phase: 'pending-3',
    decide: (c, ref) =>
      c.decide(ref, 'propose', {
        actor: 'ana.quality',
        category: 3,
        rationale: 'No improvement at the 30-day review',
        evidence: [{ kind: 'quality-intervention', text: '30-day review visit' }],
      }),
  },
  'pending-3': {
    phase: 'settled-3',
    decide: (c, ref, proposal) =>
      c.decide(ref, 'confirm', {
        actor: 'ben.governance',
        proposal,
        leadAgency: 'NHS England London',
        owner: 'recovery.lead@barts.example.org',
      }),
  },
  'settled-3': {
    phase: 'pending-2',
    decide: (c, ref) =>
      c.decide(ref, 'propose', {
        actor: 'ana.quality',
        category: 2,
        rationale: 'Improvement at the visit',
        evidence: [{ kind: 'provider-report', text: 'Rota compliance report' }],
      }),
  },
  'pending-2': {
    phase: 'settled-2',
    decide: (c, ref, proposal) => c.decide(ref, 'confirm', { actor: 'ben.governance', proposal }),
  },
};

export class Pool {
  readonly refs: string[] = [];
  private readonly phases = new Map<string, Phase>();
  /** The proposal pending on each concern, from the state its last decision returned. */
  private readonly pending = new Map<string, Proposal>();
  private readonly run = Date.now().toString(36);
  private opened = 0;

  constructor(private readonly concerns: ConcernClient) {}

  /** Every concern opened, in both regions. */
  get size(): number {
    return this.opened;
  }

  async open(): Promise<void> {
    const n = this.opened++;
    const ref = `BENCH-${this.run}-${n}`;
    const opening = benchOpening(ref, n);
    const midlands = opening.region === 'midlands';
    if (!midlands) this.phases.set(ref, 'provisional');
    const state = await this.concerns.open(opening);
    if (!midlands) this.refs.push(ref);
    this.pending.set(ref, proposalOf(state));
  }

  async decideNext(index: number): Promise<void> {
    const ref = this.refs[index];
    const next = NEXT[this.phases.get(ref)!];
    const state = await next.decide(this.concerns, ref, this.pending.get(ref));
    this.phases.set(ref, next.phase);
    this.pending.set(ref, proposalOf(state));
  }
}

/** The benchmark's n-th concern: every tenth in the midlands. */
export function benchOpening(ref: string, n: number): OpeningInput {
  const midlands = n % 10 === 9;
  return {
    actor: midlands ? 'omar.quality' : 'ana.quality',
    ref,
    title: `Benchmark concern ${n}`,
    region: midlands ? 'midlands' : 'london',
    provider: midlands ? 'uhb' : n % 2 ? 'barts' : 'imperial',
    site: `Ward ${n}`,
    professions: ['medical-postgraduate', 'nursing'],
    learners: 10,
    sources: ['learner-survey'],
    likelihood: 3,
    impact: 3,
    category: 2,
    rationale: 'Survey red flags for supervision out of hours',
  };
}

const proposalOf = (state: ConcernState): Proposal =>
  state.pending ? { category: state.pending.category, proposedAt: state.pending.proposedAt } : undefined;
