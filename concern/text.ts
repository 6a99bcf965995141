// C0 and C1 control characters other than tab and newline: a carriage return, an escape sequence
// or a backspace in a rationale could rewrite what a terminal or a mail client shows. Refused in
// what people send (concern/admission.ts), removed from what the admin script shows.
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text as a terminal should show it: control characters other than tab and newline removed. */
export const withoutControlCharacters = (text: string): string => text.replace(CONTROL_ALL, '');
