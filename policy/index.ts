// The ISF rules: pure, deterministic, no I/O. Imported by the workflow and by the admin script.
export * from './categories';
export * from './risk';
export * from './professions';
export * from './stakeholders';
export * from './governance';
export * from './evidence';
export * from './monitoring';
export * from './sharing';
export * from './audience';
