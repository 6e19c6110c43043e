import { Migration } from '@mikro-orm/migrations';

/** The configurations agora_tsquery parses a query with (as in Migration20261126193227). */
const CONFIGS = [
  'agora_simple', 'agora_danish', 'agora_german', 'agora_greek', 'agora_english', 'agora_spanish', 'agora_finnish', 'agora_french',
  'agora_irish', 'agora_hungarian', 'agora_italian', 'agora_lithuanian', 'agora_norwegian', 'agora_dutch', 'agora_portuguese',
  'agora_romanian', 'agora_russian', 'agora_serbian', 'agora_swedish', 'agora_turkish',
];

const tsquery = (volatility: 'immutable' | 'stable'): string => {
  const forms = CONFIGS.map((config) => `websearch_to_tsquery('${config}'::regconfig, q)`).join(', ');
  return `create or replace function agora_tsquery(q text) returns tsquery language sql ${volatility} parallel safe strict as $$
         select string_agg(distinct '(' || form::text || ')', ' | ')::tsquery
           from unnest(array[${forms}]) as form
          where form::text <> ''
       $$;`;
};

/**
 * Search at scale (bench:search, 200,000 posts and 1,000,000 messages):
 *
 * - agora_tsquery becomes immutable, as websearch_to_tsquery(regconfig, text) itself is. As a
 *   stable function it was called again for every ranked row (37 µs: 20 configurations), which
 *   made a common word take 4-13 s; immutable, PostgreSQL folds a call with a constant argument
 *   into a constant once per statement (the post list's ?q= filter).
 * - Indexes on the time each kind is ordered by when only the newest matches of a common query
 *   are ranked (search.queries.ts, RANK_WINDOW); posts already have (status, published_at).
 */
export class Migration20261201180000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(tsquery('immutable'));
    this.addSql(`create index "message_created_at_index" on "message" ("created_at");`);
    this.addSql(`create index "thread_created_at_index" on "thread" ("created_at");`);
    this.addSql(`create index "exchange_offer_created_at_index" on "exchange_offer" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "exchange_offer_created_at_index";`);
    this.addSql(`drop index "thread_created_at_index";`);
    this.addSql(`drop index "message_created_at_index";`);
    this.addSql(tsquery('stable'));
  }
}
