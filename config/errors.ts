// A configuration (file or environment) that cannot be used: the message names the file or the
// variable and the field.
export class ConfigError extends Error {}
