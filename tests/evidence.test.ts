// Evidence as people see it: `--evidence KIND:TEXT` on the admin script (refused in one line before
// anything is sent), and the evidence in `isf show`.
import { formatState } from '../client/format';
import { decide, openConcern } from '../concern/decide';
import { accepted, context, opening, TRIANGULATED } from './support/fixtures';
import { freePort, isf } from './support/processes';

describe('--evidence KIND:TEXT', () => {
  // Nothing listens here: a refusal that comes back proves the input was checked before sending.
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = {
      ISF_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
      ISF_ACTOR: 'ana.quality',
      ISF_TIMEOUT_SECONDS: '3',
    };
  });

  it.each([
    [
      ['propose', 'R-1', '--category', '3', '--rationale', 'x', '--evidence', 'no kind given'],
      "isf: evidence: expected KIND:TEXT, e.g. learner-survey:NTS 2026 red flags for supervision (got 'no kind given')",
    ],
    [
      ['review', 'R-1', '--outcome', 'improving', '--summary', 'x', '--evidence', ':no kind'],
      "isf: evidence: expected KIND:TEXT, e.g. learner-survey:NTS 2026 red flags for supervision (got ':no kind')",
    ],
    [
      ['confirm', 'R-1', '--evidence', 'hearsay:the ward clerk said'],
      /^isf: evidence\.0\.kind: must be one of learner-survey, .*, provider-report, consultant-feedback, staff-feedback, learner-feedback \(got 'hearsay'\)$/,
    ],
    [
      ['rate', 'R-1', '--likelihood', '3', '--impact', '3', '--rationale', 'x', '--evidence', 'complaint:'],
      /^isf: evidence\.0\.text: must not be empty/,
    ],
  ])('refuses %j in one line, exit 1', async (args, expected) => {
    const ran = await isf(args, env);
    expect(ran.code).toBe(1);
    expect(ran.stderr.trimEnd()).toMatch(
      expected instanceof RegExp ? expected : new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
  });

  it('shows the evidence behind a pending proposal and each decision in isf show', () => {
    let s = accepted(openConcern(opening(), context()));
    s = accepted(decide(s, 'confirm', { actor: 'ben.governance' }, context()));
    s = accepted(
      decide(
        s,
        'propose',
        { actor: 'ana.quality', category: 3, rationale: 'worse', evidence: TRIANGULATED },
        context(),
      ),
    );
    const shown = formatState(s);
    expect(shown).toMatch(/Evidence\s+learner-survey: NTS 2026: red flags for clinical supervision out of hours/);
    expect(shown).toContain('clinical-opinion: Deanery clinical lead after the visit');
    expect(shown).toMatch(/proposed category 3.*evidence: learner-survey, clinical-opinion/);
  });
});
