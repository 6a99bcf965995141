// The codec server on its own, for a deployment: `npm run codec-server`, with
//   ISF_CODEC_KEYS or ISF_CODEC_KEY_FILE   the keys (as for the worker)
//   ISF_CODEC_TOKEN                        the token the UI's endpoint carries (required)
//   ISF_CODEC_ALLOWED_ORIGINS              the UI's origin(s), comma-separated (required)
//   ISF_CODEC_HOST, ISF_CODEC_PORT         where to listen (default 127.0.0.1:8288)
// Put it behind TLS next to the Temporal UI, and give the UI http(s)://…/<token> as its codec endpoint.
import { codecServerEnvironment } from '../config/env';
import { requireCodecKeys } from './keys';
import { codecServerCodec, startCodecServer } from './server';

async function main(): Promise<void> {
  const keys = requireCodecKeys();
  const { token, origins, host, port } = codecServerEnvironment();
  if (!token || token.length < 16) throw new Error('ISF_CODEC_TOKEN: give a random token of at least 16 characters');
  if (origins.length === 0)
    throw new Error('ISF_CODEC_ALLOWED_ORIGINS: give the Temporal UI origin, e.g. https://temporal.example.nhs.uk');
  const server = await startCodecServer({
    codec: codecServerCodec(keys, (line) => process.stderr.write(`codec server: ${line}\n`)),
    token,
    allowedOrigins: origins,
    host,
    port,
  });
  process.stderr.write(`codec server listening on port ${server.port} for ${origins.join(', ')}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`codec server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
