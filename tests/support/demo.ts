// What the README's monitoring demo promises to send within two minutes (README, "Monitoring demo").
export const DEMO_EVENTS = [
  'review-reminder',
  'objective-reminder',
  'response-overdue',
  'review-overdue',
  'objective-overdue',
] as const;
