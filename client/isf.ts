// The admin script: `isf <command>`. People's commands go to the ISF service, signed with the
// person's own key; operator commands go straight to Temporal. This file only assembles them.
import { Command, CommanderError, Option } from 'commander';
import { withoutControlCharacters } from '../concern/text';
import { CliError, EXIT } from './errors';
import { categoryCommands, openCommand } from './commands/decisions';
import { healthCommand } from './commands/health';
import { keysCommand } from './commands/keys';
import { listCommands } from './commands/lists';
import { monitoringCommands } from './commands/monitoring';
import { operatorCommands } from './commands/operator';
import { readCommands } from './commands/read';
import { OPERATOR_GROUP, PEOPLE_GROUP } from './commands/shared';

export function buildProgram(): Command {
  const program = new Command('isf')
    .description('Manage ISF concerns (HEE Intensive Support Framework) through the ISF service (ISF_SERVICE_URL)')
    .addOption(new Option('--as <user>', 'who you are (or set ISF_ACTOR): your requests are signed with your key'))
    .option('--json', 'print machine-readable JSON on stdout')
    .option(
      '--request-id <id>',
      'id of this decision (default: a new one); re-running with the same id applies it at most once',
    )
    // Usage errors are one line on stderr, like every other refusal.
    .configureOutput({
      outputError: (message, write) => write(`isf: ${message.replace(/^error: /, '').trim()} (isf --help)\n`),
    })
    .exitOverride();
  const add = (group: string, commands: Command[]) => {
    for (const command of commands) program.addCommand(command.helpGroup(group));
  };
  add(PEOPLE_GROUP, [
    openCommand(),
    ...categoryCommands(),
    ...monitoringCommands(),
    ...readCommands(),
    ...listCommands(),
    healthCommand(),
    keysCommand(),
  ]);
  add(OPERATOR_GROUP, operatorCommands());
  // Subcommands exit through run() as well.
  const quiet = (command: Command) => {
    command.exitOverride().configureOutput({
      outputError: (message, write) => write(`isf: ${message.replace(/^error: /, '').trim()} (isf --help)\n`),
    });
    command.commands.forEach(quiet);
  };
  program.commands.forEach(quiet);
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
