// The defaults of the environment's settings (config/env.ts reads the variables), apart so that
// config/connection.ts can use them without loading the rest.
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_SMTP_PORT = 1025;
export const DEFAULT_INBOX_PORT = 1080;
export const DEFAULT_UI_PORT = 8233;
export const DEFAULT_CODEC_PORT = 8288;
export const DEFAULT_METRICS_PORT = 9464;
export const DEFAULT_SERVICE_PORT = 8280;
export const DEFAULT_SERVICE_METRICS_PORT = 9465;
export const DEFAULT_SERVICE_URL = `http://127.0.0.1:${DEFAULT_SERVICE_PORT}`;
