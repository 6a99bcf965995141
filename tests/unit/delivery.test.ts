// What a notice's delivery leaves on the concern, as a pure function (concern/delivery.ts).
import { noticeSubjectOf, recordDelivery } from '../../concern/delivery';
import { decide, openConcern, type Notice } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { stakeholdersFor } from '../../policy';
import { accepted, context, opening } from '../support/fixtures';

const AT = '2026-12-01T10:00:00.000Z';
const opened = (): ConcernState => accepted(openConcern(opening({ category: 1, likelihood: 1, impact: 2 }), context()));
const notice: Notice = {
  event: 'category-confirmed',
  roles: stakeholdersFor(1),
  category: 1,
  rationale: null,
  by: 'Ben',
};

describe('recordDelivery', () => {
  it('records who was told, with the notice id, and asks nothing more when all went well', () => {
    const before = Object.freeze(opened());
    const { state, notices } = recordDelivery(
      before,
      notice,
      { messageId: '<R.2.category-confirmed@x>', recipients: ['a@x', 'b@x'], failures: [] },
      AT,
    );
    expect(state.notifications.at(-1)).toEqual({
      event: 'category-confirmed',
      category: 1,
      roles: stakeholdersFor(1),
      recipients: ['a@x', 'b@x'],
      messageId: '<R.2.category-confirmed@x>',
      at: AT,
    });
    expect(state.undeliverable).toEqual(before.undeliverable);
    expect(notices).toEqual([]);
    expect(before.notifications).not.toBe(state.notifications);
  });

  it("records each failure as undeliverable and tells the region's quality team, once", () => {
    const failures = [
      { role: 'educators' as const, recipient: 'bounce@x', reason: '550 no such user' },
      { role: 'provider-chair' as const, recipient: null, reason: 'no address configured' },
    ];
    const { state, notices } = recordDelivery(
      opened(),
      notice,
      { messageId: '<R.2.category-confirmed@x>', recipients: ['a@x'], failures },
      AT,
    );
    expect(state.undeliverable.slice(-2)).toEqual(failures.map((f) => ({ event: 'category-confirmed', ...f, at: AT })));
    expect(notices).toEqual([
      { event: 'undeliverable', roles: ['quality-team'], category: 1, about: 'category-confirmed', failures },
    ]);
    // A report that fails in turn is recorded, not reported again.
    const report = notices[0];
    const again = recordDelivery(state, report, { messageId: null, recipients: [], failures: [failures[0]] }, AT);
    expect(again.notices).toEqual([]);
    expect(again.state.undeliverable.at(-1)).toMatchObject({ event: 'undeliverable', recipient: 'bounce@x' });
  });

  it('records the roles held back', () => {
    const { state } = recordDelivery(
      opened(),
      notice,
      { messageId: '<m@x>', recipients: ['a@x'], failures: [], withheld: ['affected-learners'] },
      AT,
    );
    expect(state.notifications.at(-1)!.withheld).toEqual(['affected-learners']);
  });
});

describe('noticeSubjectOf', () => {
  it('gives a notice what it needs of the concern, and the roles held back now', () => {
    let s = opened();
    expect(noticeSubjectOf(s)).toEqual({
      ref: s.ref,
      title: s.title,
      region: 'london',
      provider: 'barts',
      site: s.site,
      professions: s.professions,
      learners: s.learners,
      contacts: s.contacts,
      category: 1,
      categoryStatus: 'provisional',
      risk: s.risk,
    });
    s = accepted(decide(s, 'audience', { actor: 'ana.quality', withhold: 'educators', reason: 'asked' }, context()));
    expect(noticeSubjectOf(s).withheld).toEqual(['educators']);
  });
});
