// Opens N concerns against a running system, for demos and measurements:
//   node dist/scripts/seed-concerns.js 1000      (TEMPORAL_ADDRESS as usual)
// Refs are SEED-<run>-<n>; a third of them are confirmed, categories and ratings spread evenly.
import { Client, Connection } from '@temporalio/client';
import { ConcernClient } from '../client/concerns';
import { environment } from '../config/env';
import type { OpeningInput } from '../concern/inputs';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100);
  const parallel = Number(process.argv[3] ?? 16);
  const env = environment();
  const connection = await Connection.connect({ address: env.temporalAddress });
  const concerns = new ConcernClient(new Client({ connection, namespace: env.namespace }));
  const run = Date.now().toString(36);
  const started = Date.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const london = i % 3 !== 2;
      const opening: OpeningInput = {
        actor: london ? 'ana.quality' : 'omar.quality',
        ref: `SEED-${run}-${i}`,
        title: `Seeded concern ${i}`,
        region: london ? 'london' : 'midlands',
        provider: london ? (i % 2 ? 'barts' : 'imperial') : 'uhb',
        site: `Ward ${i}`,
        professions: i % 2 ? ['medical-postgraduate'] : ['nursing'],
        learners: 1 + (i % 20),
        sources: ['learner-survey'],
        likelihood: 1 + (i % 5),
        impact: 1 + ((i * 7) % 5),
        category: (i % 4) as 0 | 1 | 2 | 3,
        rationale: 'Seeded for a demonstration or a measurement',
      };
      await concerns.open(opening);
      if (i % 3 === 0)
        await concerns.decide(opening.ref, 'confirm', { actor: london ? 'ben.governance' : 'mia.governance' });
      if (process.stderr.isTTY && ++done % 25 === 0) process.stderr.write(`\rseeded ${done}/${total}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write(`seeded ${total} concerns (SEED-${run}-*) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`seed-concerns: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
