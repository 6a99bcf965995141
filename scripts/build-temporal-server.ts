// `npm run temporal-server`: builds (or finds, already built) the Temporal Server release that
// docker-compose.yml pins, and its SQL tool, for the cluster test. Prints where they are.
import { ensureTemporalServer, temporalServerVersion } from '../ops/temporal-server';

try {
  const built = ensureTemporalServer(temporalServerVersion(), (message) =>
    process.stderr.write(`temporal-server: ${message}\n`),
  );
  process.stdout.write(`${JSON.stringify(built, null, 2)}\n`);
} catch (err) {
  process.stderr.write(`temporal-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
