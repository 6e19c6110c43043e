import { caller } from '../../forums/src/testing/policy-fixtures';
import { ExchangesPolicy } from './exchanges.policy';

const host = 'bologna';
const callers = {
  'an officer of the host city': caller('member', 'bologna'),
  'an officer of another city': caller('member', 'leipzig'),
  'the secretariat': caller('secretariat'),
};

describe('ExchangesPolicy', () => {
  it.each([
    ['canOffer', { 'an officer of the host city': true, 'an officer of another city': false, 'the secretariat': true }],
    ['canApply', { 'an officer of the host city': false, 'an officer of another city': true, 'the secretariat': false }],
    ['canDecide', { 'an officer of the host city': true, 'an officer of another city': false, 'the secretariat': true }],
  ] as const)('%s, for an offer hosted by Bologna', (rule, expected) => {
    const answers = Object.fromEntries(Object.entries(callers).map(([who, user]) => [who, ExchangesPolicy[rule](user, host)]));
    expect(answers).toEqual(expected);
  });

  it('canWithdraw: the applicant alone, not the staff', () => {
    expect(ExchangesPolicy.canWithdraw(caller('member', 'leipzig', 'applicant'), 'applicant')).toBe(true);
    expect(ExchangesPolicy.canWithdraw(caller('admin', null, 'someone-else'), 'applicant')).toBe(false);
  });
});
