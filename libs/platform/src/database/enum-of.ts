import { Enum, EnumOptions } from '@mikro-orm/core';

/**
 * A column holding one of `values`, a readonly `as const` list (whose union is the property's
 * type); MikroORM's @Enum wants a mutable string[], hence the one cast, here.
 */
export const EnumOf = (values: readonly string[], options: Omit<EnumOptions<object>, 'items'> = {}) =>
  Enum({ ...options, items: () => values as string[] });
