/**
 * A Postgres array literal for `= any(?::uuid[])` (or `::text[]`). knex expands a JS array
 * binding into a comma list, which breaks `any(?)` and cannot be empty; a literal can.
 */
export const pgArray = (values: string[]): string => `{${values.join(',')}}`;
