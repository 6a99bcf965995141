// Dates as people read them, everywhere (the admin script, the mail, the pack): British English, in
// the time zone of NHS England, whatever the machine's own.
export const TIME_ZONE = 'Europe/London';

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE });

/** "5 Feb 2026, 09:00". */
export function when(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** "5 Feb 2026". */
export function day(iso: string): string {
  return DATE.format(new Date(iso));
}
