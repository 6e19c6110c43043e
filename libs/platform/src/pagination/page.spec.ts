import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor, toPage } from './page';

describe('cursor pagination', () => {
  it('round-trips a keyset through an opaque cursor', () => {
    expect(decodeCursor(encodeCursor(['Malmö', '01a2']))).toEqual(['Malmö', '01a2']);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each(['not base64 json', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')])(
    'refuses a cursor it did not write: %s',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(BadRequestException);
    },
  );

  it('uses the extra row only to tell that there is a next page', () => {
    const rows = [{ n: 'a' }, { n: 'b' }, { n: 'c' }];
    const page = toPage(
      rows,
      2,
      (row) => [row.n, row.n],
      (row) => row.n.toUpperCase(),
    );
    expect(page.items).toEqual(['A', 'B']);
    expect(decodeCursor(page.nextCursor!)).toEqual(['b', 'b']);
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (row) => [row.n, row.n],
        (row) => row.n,
      ).nextCursor,
    ).toBeNull();
  });
});
