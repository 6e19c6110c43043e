import { toRef } from './ref';

describe('toRef', () => {
  it('keeps the slug and the name only, and passes a missing entity on as null', () => {
    expect(toRef({ slug: 'bologna', name: 'Bologna', country: 'IT' } as { slug: string; name: string })).toEqual({
      slug: 'bologna',
      name: 'Bologna',
    });
    expect(toRef(null)).toBeNull();
    expect(toRef(undefined)).toBeNull();
  });
});
