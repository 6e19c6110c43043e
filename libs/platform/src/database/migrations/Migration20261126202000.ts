import { Migration } from '@mikro-orm/migrations';

/** The configurations agora_tsquery parses a query with (as in Migration20261126193227). */
const CONFIGS = [
  'agora_simple', 'agora_danish', 'agora_german', 'agora_greek', 'agora_english', 'agora_spanish', 'agora_finnish', 'agora_french',
  'agora_irish', 'agora_hungarian', 'agora_italian', 'agora_lithuanian', 'agora_norwegian', 'agora_dutch', 'agora_portuguese',
  'agora_romanian', 'agora_russian', 'agora_serbian', 'agora_swedish', 'agora_turkish',
];

/**
 * agora_tsquery ORed the query as parsed by every configuration, so a word that stems alike in
 * most languages appeared up to 20 times: PostgreSQL then estimated 20x the matches, preferred
 * full scans over the GIN indexes, and looked each copy up separately (bench:search: ~0.8 s for
 * a rare word on 1M messages). Now each distinct form appears once (null, matching nothing,
 * when the query has no words at all).
 */
export class Migration20261126202000 extends Migration {
  override async up(): Promise<void> {
    const forms = CONFIGS.map((config) => `websearch_to_tsquery('${config}'::regconfig, q)`).join(', ');
    this.addSql(
      `create or replace function agora_tsquery(q text) returns tsquery language sql stable parallel safe strict as $$
         select string_agg(distinct '(' || form::text || ')', ' | ')::tsquery
           from unnest(array[${forms}]) as form
          where form::text <> ''
       $$;`,
    );
  }

  override async down(): Promise<void> {
    const forms = CONFIGS.map((config) => `websearch_to_tsquery('${config}'::regconfig, q)`).join(' || ');
    this.addSql(`create or replace function agora_tsquery(q text) returns tsquery language sql stable parallel safe strict as $$ select ${forms} $$;`);
  }
}
