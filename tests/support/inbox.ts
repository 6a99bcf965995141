// A real SMTP server for tests (smtp-server), keeping every message it accepts, parsed.
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  /** Envelope recipients: who the server delivered to. */
  recipients: string[];
  /** Every address the message shows (To and Cc headers): what each recipient sees of the others. */
  shown: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * One notice as it arrived: a message per recipient (nobody sees another's address), grouped by the
 * notice they carry (X-ISF-Notice). `recipients` are everyone it reached; `text` every distinct
 * wording they were sent (each audience is told in its own words); `messages` each one as received.
 */
export interface ReceivedNotice extends ReceivedMail {
  messages: ReceivedMail[];
}

export interface InboxOptions {
  /** Addresses refused at RCPT TO with a permanent 550. */
  refuse?: (address: string) => boolean;
}

export class TestInbox {
  readonly messages: ReceivedMail[] = [];
  /** Holds each message this long before accepting it; tests may change it. */
  delayMs = 0;
  /** Called when a message has been received but not yet accepted (held for `delayMs`): a send is in flight. */
  onArrival: () => void = () => undefined;
  readonly url: string;
  private server: SMTPServer | undefined;

  private constructor(
    private readonly options: InboxOptions,
    readonly port: number,
  ) {
    this.url = `smtp://127.0.0.1:${port}`;
  }

  /** `port`: listen there (a restarted inbox keeps its port); else any free port. */
  static async start(options: InboxOptions = {}, port = 0): Promise<TestInbox> {
    const server = TestInbox.serve(options, () => inbox);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const inbox: TestInbox = new TestInbox(options, (server.server.address() as AddressInfo).port);
    inbox.server = server;
    return inbox;
  }

  private static serve(options: InboxOptions, self: () => TestInbox): SMTPServer {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (options.refuse?.(address.address)) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), {
            responseCode: 550,
          });
          callback(err);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const inbox = self();
        simpleParser(stream)
          .then(async (mail) => {
            inbox.onArrival();
            if (inbox.delayMs) await sleep(inbox.delayMs);
            inbox.messages.push({
              messageId: mail.messageId ?? '',
              recipients: session.envelope.rcptTo.map((r) => r.address),
              shown: [mail.to, mail.cc].flat().flatMap((a) => (a ? a.value.map((v) => v.address ?? '') : [])),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              headers: Object.fromEntries(
                [...mail.headers.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
              ),
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    // A client that dies mid-message (a killed worker) resets its connection: that is not our error.
    server.on('error', () => undefined);
    return server;
  }

  /** The mail server goes away: connections are refused until `up()`. Messages received are kept. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The mail server comes back on the same port. */
  async up(): Promise<void> {
    if (this.server) return;
    const server = TestInbox.serve(this.options, () => this);
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** Notices with this header value (e.g. x-isf-event: weekly-digest), a message per recipient grouped. */
  withHeader(name: string, value: string): ReceivedNotice[] {
    return grouped(this.messages.filter((m) => m.headers[name] === value));
  }

  /** Notices for one concern, optionally of one event. */
  for(ref: string, event?: string): ReceivedNotice[] {
    return grouped(this.messagesFor(ref, event));
  }

  /** The messages themselves, one per recipient, for one concern (and event). */
  messagesFor(ref: string, event?: string): ReceivedMail[] {
    return this.messages.filter(
      (m) => m.headers['x-isf-ref'] === ref && (!event || m.headers['x-isf-event'] === event),
    );
  }

  /**
   * Waits for `count` notices, then until their messages stop arriving: a notice goes out as one
   * message per recipient, back to back, so a notice is whole once its messages have been quiet a while.
   */
  async waitFor(ref: string, event: string, count = 1, timeoutMs = 30_000): Promise<ReceivedNotice[]> {
    return this.settle(
      () => this.for(ref, event),
      count,
      timeoutMs,
      () =>
        `${event} mail(s) for ${ref}; got ${
          this.for(ref)
            .map((m) => m.headers['x-isf-event'])
            .join(', ') || 'none'
        }`,
    );
  }

  /** As waitFor, for notices found by a header (digests). */
  async waitForHeader(name: string, value: string, count = 1, timeoutMs = 30_000): Promise<ReceivedNotice[]> {
    return this.settle(
      () => this.withHeader(name, value),
      count,
      timeoutMs,
      () => `${name}: ${value} notice(s)`,
    );
  }

  private async settle(
    found: () => ReceivedNotice[],
    count: number,
    timeoutMs: number,
    what: () => string,
  ): Promise<ReceivedNotice[]> {
    const deadline = Date.now() + timeoutMs;
    while (found().length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} ${what()}`);
      await sleep(50);
    }
    const size = () => found().reduce((n, g) => n + g.messages.length, 0);
    for (let seen = size(); ;) {
      await sleep(QUIET_MS);
      const now = size();
      if (now === seen) return found();
      seen = now;
    }
  }

  close(): Promise<void> {
    return this.down();
  }
}

/** How long a notice's messages must be quiet before it counts as whole. */
const QUIET_MS = 400;

function grouped(messages: ReceivedMail[]): ReceivedNotice[] {
  const byNotice = new Map<string, ReceivedMail[]>();
  for (const m of messages) {
    const key = m.headers['x-isf-notice'] ?? m.messageId;
    byNotice.set(key, [...(byNotice.get(key) ?? []), m]);
  }
  return [...byNotice].map(([key, ms]) => ({
    ...ms[0],
    messageId: key,
    recipients: ms.flatMap((m) => m.recipients),
    text: [...new Set(ms.map((m) => m.text))].join('\n'),
    messages: ms,
  }));
}
