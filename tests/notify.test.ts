// The notification activity against a real SMTP server: no mocked nodemailer.
import nodemailer from 'nodemailer';
import { createServer, type AddressInfo } from 'node:net';
import { createNotificationActivities, type NotificationInput } from '../activities';
import type { Config } from '../config/schema';
import { stakeholdersFor } from '../policy';
import { exampleConfig } from './support/fixtures';
import { TestInbox } from './support/inbox';
import { recipientMessageId } from '../activities/smtp';

function input(overrides: Partial<NotificationInput['concern']> = {}, seq = 7): NotificationInput {
  return {
    seq,
    concern: {
      ref: 'LDN-2026-001',
      title: 'Foundation doctors unsupervised on night shifts',
      region: 'london',
      provider: 'barts',
      site: 'Royal London Hospital, Emergency Department',
      professions: ['medical-postgraduate'],
      learners: 14,
      contacts: {},
      category: 3,
      categoryStatus: 'provisional',
      risk: { likelihood: 4, impact: 4, score: 16 },
      ...overrides,
    },
    notice: {
      event: 'category-changed',
      roles: stakeholdersFor(3),
      category: 3,
      from: 2,
      status: 'provisional',
      cause: 'proposed',
      rationale: 'No improvement at the 30-day review',
      by: 'Ana Example',
    },
  };
}

function activities(smtpUrl: string, config: Config = exampleConfig) {
  return createNotificationActivities({ config: () => config, mail: nodemailer.createTransport(smtpUrl) });
}

describe('sendNotification', () => {
  let inbox: TestInbox;
  beforeAll(async () => {
    inbox = await TestInbox.start({ refuse: (a) => a.startsWith('bounce') });
  });
  afterAll(() => inbox.close());

  it('sends one message per recipient, each with a Message-ID of its own derived from the concern, the event and the address', async () => {
    const result = await activities(inbox.url).sendNotification(input());
    expect(result.messageId).toBe('<LDN-2026-001.7.category-changed@isf.example.nhs.uk>');
    expect(result.failures).toEqual([]);
    // 19 roles at category 3, GMC for the regulator.
    expect(result.recipients).toHaveLength(19);
    const [notice] = inbox.for('LDN-2026-001').filter((n) => n.messageId === result.messageId);
    expect(notice.messages).toHaveLength(19);
    for (const m of notice.messages) {
      expect(m.recipients).toHaveLength(1);
      expect(m.messageId).toBe(recipientMessageId(result.messageId!, m.recipients[0]));
      // Nobody sees another's address.
      expect(m.shown).toEqual(m.recipients);
    }
    expect(notice.recipients.sort()).toEqual([...result.recipients].sort());
    const to = (address: string) => notice.messages.find((m) => m.recipients[0] === address)!;
    const full = to('head-of-quality.london@example.nhs.uk');
    expect(full.subject).toBe(
      '[ISF LDN-2026-001] now category 3 (Major concerns), provisional: Royal London Hospital, Emergency Department, Barts Health NHS Trust',
    );
    expect(full.text).toContain(
      'The ISF category has moved from category 2 (Significant concerns) to category 3 (Major concerns).',
    );
    expect(full.text).toContain('Rationale: No improvement at the 30-day review');
    expect(full.text).toContain('likelihood 4 × impact 4 = 16');
    const learners = to('learners@barts.example.org');
    expect(learners.subject).toBe('Learning environment update: Royal London Hospital, Emergency Department');
    for (const secret of ['No improvement at the 30-day review', 'Ana Example', 'likelihood', '16', 'LDN-2026-001'])
      expect(learners.text).not.toContain(secret);
    const regulator = to('quality-assurance@gmc.example.org');
    expect(regulator.text).toMatch(/Professions\s+medical-postgraduate/);
    expect(regulator.text).not.toContain('Rationale');
  });

  it('sends a retried notification with the same Message-IDs', async () => {
    const a = await activities(inbox.url).sendNotification(input({}, 9));
    const b = await activities(inbox.url).sendNotification(input({}, 9));
    expect(b.messageId).toBe(a.messageId);
    const sent = inbox.messagesFor('LDN-2026-001').filter((m) => m.headers['x-isf-notice'] === a.messageId);
    expect(sent).toHaveLength(2 * a.recipients.length);
    for (const address of a.recipients) {
      const ids = sent.filter((m) => m.recipients[0] === address).map((m) => m.messageId);
      expect(ids).toEqual([recipientMessageId(a.messageId!, address), recipientMessageId(a.messageId!, address)]);
    }
  });

  it('sends nothing to a role held back', async () => {
    const held = { ...input({ category: 1, withheld: ['educators', 'affected-learners'] }, 12) };
    held.notice = {
      event: 'category-confirmed',
      roles: stakeholdersFor(1),
      category: 1,
      rationale: null,
      by: 'Ben Example',
    };
    const result = await activities(inbox.url).sendNotification(held);
    expect(result.withheld).toEqual(['educators', 'affected-learners']);
    expect(result.recipients).not.toContain('educational-supervisors@barts.example.org');
    expect(result.recipients).not.toContain('learners@barts.example.org');
    expect(result.recipients).toContain('heads-of-school.london@example.nhs.uk');
  });

  it("uses the concern's own contact for a role before the provider's", async () => {
    const result = await activities(inbox.url).sendNotification(
      input({ contacts: { educators: ['ward-educators@barts.example.org'] } }),
    );
    expect(result.recipients).toContain('ward-educators@barts.example.org');
    expect(result.recipients).not.toContain('educational-supervisors@barts.example.org');
  });

  it('reports roles with no address and addresses the server refuses, and still delivers to the rest', async () => {
    const config = structuredClone(exampleConfig);
    delete config.providers.barts.contacts['provider-chair'];
    const notice = { ...input({ contacts: { educators: ['bounce@barts.example.org'] } }), seq: 11 };
    notice.notice = { ...notice.notice, roles: stakeholdersFor(4) };
    const result = await activities(inbox.url, config).sendNotification(notice);
    expect(result.failures).toEqual([
      { role: 'provider-chair', recipient: null, reason: 'no address configured' },
      { role: 'educators', recipient: 'bounce@barts.example.org', reason: expect.stringContaining('550') as string },
    ]);
    expect(result.recipients).not.toContain('bounce@barts.example.org');
    expect(result.recipients.length).toBeGreaterThan(20);
    expect(result.messageId).not.toBeNull();
  });

  it('reports every recipient refused for good without throwing, so nothing retries forever', async () => {
    const only = {
      ...input({
        contacts: {
          educators: ['bounce-ed@barts.example.org'],
          'affected-learners': ['bounce-learners@barts.example.org'],
        },
      }),
    };
    only.notice = {
      event: 'notice-of-intention',
      roles: ['educators', 'affected-learners'],
      category: 3,
      rationale: 'x',
      by: 'Ben',
    };
    const result = await activities(inbox.url).sendNotification(only);
    expect(result.messageId).toBeNull();
    expect(result.recipients).toEqual([]);
    expect(result.failures.map((f) => f.recipient).sort()).toEqual([
      'bounce-ed@barts.example.org',
      'bounce-learners@barts.example.org',
    ]);
  });

  it('throws when the mail server cannot be reached, so that Temporal retries it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(activities(`smtp://127.0.0.1:${port}`).sendNotification(input())).rejects.toThrow(/ECONNREFUSED/);
  });

  it('loads a snapshot of the configuration without addresses', async () => {
    const snapshot = await activities(inbox.url).loadConfigSnapshot();
    expect(snapshot.directory.providers).toEqual({ barts: 'london', imperial: 'london', uhb: 'midlands' });
    expect(JSON.stringify(snapshot)).not.toContain('@');
  });
});
