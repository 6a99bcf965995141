// Reading one concern: `isf show`, `isf history`, `isf verify`, through the ISF service.
import { Command } from 'commander';
import type { Shown } from '../../api/schemas';
import type { Verification } from '../verify';
import { callService } from '../http';
import { CliError, EXIT } from '../errors';
import { formatState, formatVerification } from '../format';
import { historyLines } from '../../text/history';
import { actor, globalsOf, print } from './shared';

const show = (ref: string, as: string) =>
  callService<Shown>({ method: 'GET', path: `/concerns/${encodeURIComponent(ref)}`, as });

export function readCommands(): Command[] {
  return [
    new Command('show')
      .argument('<ref>')
      .description('a concern: category, pending decision, risk, registers, clocks, decisions and notifications')
      .action(async (ref: string, _o: unknown, c: Command) => {
        const g = globalsOf(c);
        const { concern, policy, nextDigest } = await show(ref, actor(g));
        print(g, concern, () => formatState(concern, policy, nextDigest));
      }),
    new Command('history')
      .argument('<ref>')
      .description("a concern's decisions in plain English, oldest first")
      .action(async (ref: string, _o: unknown, c: Command) => {
        const g = globalsOf(c);
        const lines = historyLines((await show(ref, actor(g))).concern);
        print(g, lines, () => lines.join('\n'));
      }),
    new Command('verify')
      .argument('<ref>')
      .description(
        "check a concern's audit trail as evidence: the chain, every signature against the configured keys, every entry against what was signed",
      )
      .action(async (ref: string, _o: unknown, c: Command) => {
        const g = globalsOf(c);
        const verification = await callService<Verification>({
          method: 'GET',
          path: `/concerns/${encodeURIComponent(ref)}/verification`,
          as: actor(g),
        });
        print(g, verification, () => formatVerification(verification));
        if (verification.failed.length)
          throw new CliError(EXIT.refused, `entries ${verification.failed.join(', ')} of ${ref} do not verify`);
        if (verification.state)
          throw new CliError(EXIT.refused, `the state of ${ref} does not match its audit trail: ${verification.state}`);
      }),
  ];
}
