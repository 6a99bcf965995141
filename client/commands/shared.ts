// What the admin script's commands share: the global options, who is acting, printing for people
// and for programs, and the option parsers. Commands for people talk to the ISF service only.
import { Command } from 'commander';
import { withoutControlCharacters } from '../../concern/text';
import { CliError, EXIT, refusedError } from '../errors';
import { actorOf } from '../../config/env';

export interface Globals {
  as?: string;
  json?: boolean;
  requestId?: string;
}

/** The global options, wherever a command sits in the tree. */
export function globalsOf(command: Command): Globals {
  let root = command;
  while (root.parent) root = root.parent;
  return root.opts<Globals>();
}

/** Who is acting: --as or ISF_ACTOR; every request to the service is signed by them. */
export function actor(globals: Globals): string {
  const id = globals.as || actorOf();
  if (!id)
    throw new CliError(
      EXIT.usage,
      'who are you? give --as USER or set ISF_ACTOR (your requests are signed with your key)',
    );
  return id;
}

/**
 * Concern text is whatever someone typed: shown to people, control characters are removed (an
 * escape sequence in a rationale must not rewrite the terminal); as JSON, C1 controls, which
 * JSON.stringify leaves as they are, are escaped too.
 */
export function print(globals: Globals, value: unknown, human: () => string): void {
  process.stdout.write(`${globals.json ? json(value) : withoutControlCharacters(human())}\n`);
}

export const json = (value: unknown) =>
  JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Numbers stay as typed when they are not numbers, so that the refusal can quote them. */
export function numeric(value: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

export const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function contacts(pairs: string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw refusedError(`contact: expected ROLE=ADDRESS (got '${pair}')`);
    const role = pair.slice(0, at).trim();
    (out[role] ??= []).push(pair.slice(at + 1).trim());
  }
  return out;
}

/** `--evidence KIND:TEXT`, repeatable: the kind is checked with the rest of the decision. */
export function evidence(values: string[] | undefined): { kind: string; text: string }[] {
  return (values ?? []).map((value) => {
    const at = value.indexOf(':');
    if (at <= 0)
      throw refusedError(
        `evidence: expected KIND:TEXT, e.g. learner-survey:NTS 2026 red flags for supervision (got '${value}')`,
      );
    return { kind: value.slice(0, at).trim(), text: value.slice(at + 1).trim() };
  });
}

/**
 * A decision that timed out may still be applied once a worker takes it. Re-running the command
 * with the same request id (the update id) applies it at most once, so the message says which.
 */
export async function resendable<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CliError && err.exitCode === EXIT.unavailable) {
      throw new CliError(
        EXIT.unavailable,
        `${err.message}; it may still be applied: to retry it, re-run the same command with --request-id ${requestId}`,
      );
    }
    throw err;
  }
}

/** A group of commands (`isf schedules apply`): named alone, it says which it has, in one line (exit 2). */
export function group(name: string, description: string, build: (group: Command) => void): Command {
  const command = new Command(name).description(description);
  build(command);
  const names = command.commands.map((c) => c.name());
  return command.action(() => {
    throw new CliError(EXIT.usage, `${name}: give one of ${names.join(', ')} (isf ${name} --help)`);
  });
}

export const OPERATOR_GROUP =
  "Operator commands (straight to Temporal, with the operator's environment and the payload keys):";
export const PEOPLE_GROUP = 'Commands (through the ISF service, signed with your key):';
