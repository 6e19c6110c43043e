/**
 * SQL composed from fragments that carry their own parameters (knex-style `?` placeholders), for
 * the search statement, whose parts depend on the filters in use. No imports: tsx loads it alone.
 */

/** A piece of SQL with its parameters in the order of their `?` placeholders (knex's style). */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[] = [],
  ) {}
}

/**
 * Tagged template: `${value}` becomes a `?` placeholder with its parameter, `${sql`...`}` is
 * spliced in with its own, so that placeholders and parameters can never drift apart.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  });
  return new Sql(text, params);
}

/** Joins fragments with a separator (written as SQL text, not as a parameter). */
export function joinSql(parts: Sql[], separator: string): Sql {
  return new Sql(
    parts.map((part) => part.text).join(separator),
    parts.flatMap((part) => part.params),
  );
}

/** Trusted SQL text (identifiers, expressions written in the code), never user input. */
export const raw = (text: string): Sql => new Sql(text);
