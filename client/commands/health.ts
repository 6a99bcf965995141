// `isf health`: the service answers, Temporal answers, the search attributes exist, a worker polls.
import { Command } from 'commander';
import type { Health } from '../../api/schemas';
import { callService } from '../http';
import { CliError, EXIT } from '../errors';
import { formatHealth } from '../format';
import { globalsOf, print } from './shared';

export function healthCommand(): Command {
  return new Command('health')
    .description(
      'exit 0 only when the ISF service and Temporal answer, the search attributes exist and a worker polls isf-concerns',
    )
    .action(async (_o: unknown, c: Command) => {
      const g = globalsOf(c);
      // Unsigned: the health check needs no key. A 503 still carries the checks.
      const health = await callService<Health>({ method: 'GET', path: '/health', answers: [503] });
      print(g, health, () => formatHealth(health.checks));
      if (!health.ok) throw new CliError(EXIT.unavailable, 'not healthy');
    });
}
