import * as contract from '@agora/contract';
import { MAX_LIMIT, DEFAULT_LIMIT, problem, ProblemFilter, ROLES } from '@agora/platform';
import { FORUMS } from '@agora/forums';
import { MANDATE_ROLES } from '@agora/network';
import { MAX_BODY_LENGTH } from '../../discussions/src/dto/discussions.dto';
import { FREQUENCIES, DIGEST_LANGUAGES } from '../../digests/src/digest-preference.entity';
import { LEVELS } from '../../digests/src/digest-subscription.entity';
import { GROUP_ROLES } from '../../forums/src/membership.entity';
import { VISIBILITIES } from '../../forums/src/working-group.entity';

/** The contract is what clients compile against; the server keeps its own lists, which must agree. */
describe('contract', () => {
  it("lists the same values as the server's entities and DTOs", () => {
    expect(contract.ROLES).toEqual(ROLES);
    expect(contract.FORUM_SLUGS).toEqual(FORUMS.map(([slug]) => slug));
    expect(contract.MANDATE_ROLES).toEqual(MANDATE_ROLES);
    expect(contract.DIGEST_FREQUENCIES).toEqual(FREQUENCIES);
    expect(contract.DIGEST_LEVELS).toEqual(LEVELS);
    expect(contract.LANGUAGES).toEqual(DIGEST_LANGUAGES);
    expect(contract.GROUP_ROLES).toEqual(GROUP_ROLES);
    expect(contract.GROUP_VISIBILITIES).toEqual(VISIBILITIES);
    expect([contract.DEFAULT_LIMIT, contract.MAX_LIMIT, contract.MAX_MESSAGE_LENGTH]).toEqual([DEFAULT_LIMIT, MAX_LIMIT, MAX_BODY_LENGTH]);
  });

  it('gives every problem a code the contract lists, by status unless named', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 429, 500, 503]) {
      expect(contract.PROBLEM_CODES).toContain(problem(status, 'x').code);
    }
    expect(problem(404, 'x').code).toBe('not-found');
    expect(problem(429, 'x').code).toBe('rate-limited');
    const filter = new ProblemFilter();
    expect(filter.toProblem(new Error('bug')).code).toBe('internal-error');
  });
});
