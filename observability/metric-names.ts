// The system's own Prometheus metrics, beside the SDK's (temporal_*). One place for their names,
// importable by workflow code (no Node built-ins).
export const METRICS = {
  /** Notices accepted by the mail server, by event. */
  notificationsSent: 'isf_notifications_sent',
  /** Notices that failed: `retrying` (the mail server could not be reached) or `undeliverable` (refused for good). */
  notificationsFailed: 'isf_notifications_failed',
  /** Governance decisions by type (`decision`) and whether they were `accepted` or `refused`. */
  decisions: 'isf_decisions',
  /** Open concerns by ISF category, as visibility counts them. */
  concerns: 'isf_concerns',
  /** Open concerns whose monitoring review is past its date. */
  reviewsOverdue: 'isf_reviews_overdue',
} as const;
