import { caller, membershipOf } from '../../forums/src/testing/policy-fixtures';
import { EVENT_KINDS, NETWORK_KINDS } from './calendar-event.entity';
import { EventsPolicy } from './events.policy';

describe('EventsPolicy', () => {
  it('canCreate: network meetings only by the staff, whatever else the caller leads or chairs', () => {
    for (const kind of NETWORK_KINDS) {
      expect(EventsPolicy.canCreate(caller('secretariat'), kind, [], null)).toBe(true);
      expect(EventsPolicy.canCreate(caller('member', 'bologna'), kind, ['bologna'], membershipOf('lead', 'active'))).toBe(false);
    }
  });

  it("canCreate: a forum meeting by the forum's chair city and the staff", () => {
    expect(EventsPolicy.canCreate(caller('member', 'bologna'), 'forum-meeting', ['bologna'], null)).toBe(true);
    expect(EventsPolicy.canCreate(caller('member', 'leipzig'), 'forum-meeting', ['bologna'], membershipOf('lead', 'active'))).toBe(false);
    expect(EventsPolicy.canCreate(caller('admin'), 'forum-meeting', [], null)).toBe(true);
  });

  it("canCreate: a working-group meeting by the group's active lead and the staff", () => {
    const officer = caller('member', 'oslo');
    expect(EventsPolicy.canCreate(officer, 'working-group-meeting', [], membershipOf('lead', 'active'))).toBe(true);
    expect(EventsPolicy.canCreate(officer, 'working-group-meeting', [], membershipOf('lead', 'pending'))).toBe(false);
    expect(EventsPolicy.canCreate(officer, 'working-group-meeting', ['oslo'], membershipOf('member', 'active'))).toBe(false);
    expect(EventsPolicy.canCreate(caller('secretariat'), 'working-group-meeting', [], null)).toBe(true);
  });

  it('canCreate answers for every kind, and canSeePlanning is the staff only', () => {
    expect(EVENT_KINDS.filter((kind) => EventsPolicy.canCreate(caller('member', 'oslo'), kind, [], null))).toEqual([]);
    expect([caller('admin'), caller('secretariat'), caller('member', 'oslo')].map(EventsPolicy.canSeePlanning)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
