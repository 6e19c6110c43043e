import os from 'node:os';
import { statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { PG_POOL_SIZE, PG_SESSION_OPTIONS, pgQuery } from '../../libs/platform/src/database/sql';
import { RANK_WINDOW } from '../../libs/search/src/search.queries';
import { ApiClient, DEV_PASSWORD, SEEDED } from '../support/api-client';
import { hiddenGroupsOf, PAGE_LIMIT, readCommonLexemes, runSearch } from './search-statements';
import {
  API_MAIN,
  createBenchEnvironment,
  ensureBuild,
  errorMessage,
  formatTable,
  isRunning,
  log,
  Resources,
  ROOT,
  runBench,
  startApi,
  startBareServer,
  withPg,
} from './support';

/**
 * `npm run bench:search`: GET /api/search on a large, generated, multilingual corpus, beside the
 * very same SQL (search.queries.ts) run directly through `pg`, and beside that SQL behind a bare
 * Fastify route (bare-server.ts: no auth, validation, logging, rate limit or mapping), which
 * tells how much of the difference is HTTP itself.
 *
 * The run gets its own database (migrated and seeded by the built migrate command), then adds
 * working groups, BENCH_POSTS posts, threads and BENCH_MESSAGES messages with set-based
 * `INSERT ... SELECT ... FROM generate_series()` statements (the stored tsvector columns and
 * their GIN indexes are maintained during the inserts), and ANALYZEs. For each term it then
 * measures the built API and the bare server with autocannon and the raw query with concurrent
 * loops over a pg.Pool, one after the other, each after a short warm-up.
 *
 * Overrides: BENCH_POSTS (200000), BENCH_MESSAGES (1000000), BENCH_THREADS (messages / 50),
 * BENCH_DURATION and BENCH_WARMUP (seconds measured and warmed up per term and path: 10 and 5),
 * BENCH_ROUNDS (the measured seconds are taken in this many slices, the paths in turn: 5),
 * BENCH_SEED_TIMEOUT (seconds the whole seeding may take: 1800), BENCH_DATABASE (a database to
 * seed once and keep: a later run with the same name measures its corpus without seeding again).
 */

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, not "${raw}"`);
  return value;
}
const positiveInt = (name: string, fallback: number): number => intFromEnv(name, fallback, 1);

const POSTS = positiveInt('BENCH_POSTS', 200_000);
const MESSAGES = positiveInt('BENCH_MESSAGES', 1_000_000);
const THREADS = positiveInt('BENCH_THREADS', Math.max(1, Math.round(MESSAGES / 50)));
const DURATION_S = positiveInt('BENCH_DURATION', 10);
const WARMUP_S = intFromEnv('BENCH_WARMUP', 5, 0);
const ROUNDS = positiveInt('BENCH_ROUNDS', 5);
const SEED_TIMEOUT_S = positiveInt('BENCH_SEED_TIMEOUT', 1800);
const POST_BATCH = 10_000;
const MESSAGE_BATCH = 50_000;

const CONNECTIONS = 20;
/** A single request may not take longer than this (autocannon's timeout; the raw loops fail the same way). */
const REQUEST_TIMEOUT_S = 30;
/** Upper bound of requests per raw loop, on top of the time bound. */
const MAX_REQUESTS_PER_LOOP = 1_000_000;
/** How long the API's queries left running at the end of a run may go on before they are cancelled. */
const API_GRACE_S = 10;
/** How long cancelled queries may take to go. */
const SETTLE_TIMEOUT_S = 30;
/** Sequential requests per path and term before the runs (the first one also checks the answer). */
const IDLE_REQUESTS = 3;

const TARGET_RARE_P99_MS = 100;
const TARGET_P99_RATIO = 1.5;

/** A made-up word in a handful of posts and messages, and a rare (accented) place name. */
const RARE_WORD = 'Zibrovask';
const RARE_PLACE = 'Vrångö';
const RARE_WORD_POSTS = 5;
const RARE_WORD_MESSAGES = 5;
const RARE_PLACE_POSTS = 20;

interface Term {
  q: string;
  kind: 'rare' | 'common';
  note: string;
  /** Text that must appear, marked, in the snippets (the accent-folding checks). */
  mustMatch?: string;
}

const TERMS: Term[] = [
  { q: RARE_WORD.toLowerCase(), kind: 'rare', note: `made-up word, ${RARE_WORD_POSTS} posts + ${RARE_WORD_MESSAGES} messages` },
  { q: 'vrango', kind: 'rare', note: `rare place, must match "${RARE_PLACE}"`, mustMatch: RARE_PLACE },
  { q: 'mobilita', kind: 'common', note: 'accented, must match "mobilità"', mustMatch: 'mobilità' },
  { q: 'bus', kind: 'common', note: 'common in every language' },
  { q: '"public transport"', kind: 'common', note: 'a phrase of two common English words' },
];

/**
 * City-policy vocabulary, roughly from frequent to rare: words are drawn with a bias towards the
 * start of each list (index = n * random()^2), so early words are common and late ones rarer.
 * The stop words are deliberate: messages are indexed in `agora_simple`, which keeps them.
 */
const VOCABULARY: Record<string, string[]> = {
  it: (
    'il la di per e del della nel con una città comune progetto cittadini servizi mobilità trasporto pubblico quartiere ' +
    'piano sostenibile bus autobus bici piste ciclabili tram parcheggio traffico sicurezza stradale verde parco alberi energia ' +
    'rinnovabile efficienza edifici scuole sociale inclusione alloggi anziani giovani cultura biblioteca museo patrimonio turismo ' +
    'economia lavoro imprese innovazione digitale dati aperti partecipazione bilancio partecipativo consiglio assessore regolamento ' +
    'delibera finanziamento europeo risorse rifiuti raccolta differenziata riciclo acqua qualità aria inquinamento emissioni clima ' +
    'adattamento calore isole pedonale zona velocità accessibilità disabilità salute prevenzione migranti integrazione formazione ' +
    'università ricerca mercato centro storico periferia rigenerazione urbana cantiere manutenzione illuminazione sensori piattaforma ' +
    'sportello cittadinanza attiva volontariato associazioni cooperativa orti urbani metropolitana portici ztl monopattini ' +
    'condivisione logistica consegne pendolari sottopasso rotatoria però perché già così più'
  ).split(' '),
  de: (
    'der die das und für mit von im zu eine Stadt Gemeinde Projekt Bürger Bürgerinnen Verwaltung Verkehr Mobilität ÖPNV Bus ' +
    'Straßenbahn Radverkehr Radweg Fußgänger Parkplätze Sicherheit Stadtteil Quartier Klimaschutz Energie Wärme Gebäude ' +
    'Sanierung Grünflächen Bäume Schulen Kita Wohnungen Mieten Senioren Jugendliche Kultur Bibliothek Museum Denkmalschutz Tourismus ' +
    'Wirtschaft Arbeit Unternehmen Innovation Digitalisierung offene Daten Beteiligung Bürgerhaushalt Stadtrat Beschluss Förderung ' +
    'europäische Mittel Abfall Mülltrennung Recycling Wasser Luftqualität Lärm Emissionen Klimaanpassung Hitze Überflutung ' +
    'Fußgängerzone Tempo Barrierefreiheit Gesundheit Prävention Zuwanderung Integration Ausbildung Hochschule Forschung Markt ' +
    'Innenstadt Altstadt Stadtrand Stadterneuerung Baustelle Instandhaltung Beleuchtung Sensoren Plattform Bürgerbüro Ehrenamt ' +
    'Vereine Genossenschaft Gemeinschaftsgärten Straßenraum Lastenräder Lieferverkehr Pendler Unterführung Kreisverkehr ' +
    'Schulstraße Fernwärme Wärmepumpen über größer Maßnahmen Zuschüsse'
  ).split(' '),
  fr: (
    'le la de et pour des du dans avec une ville commune projet citoyens habitants services mobilité transports publics bus ' +
    'tramway vélo pistes cyclables stationnement circulation sécurité routière quartier espaces verts arbres énergie rénovation ' +
    'bâtiments écoles social inclusion logement personnes âgées jeunes culture bibliothèque musée patrimoine tourisme économie emploi ' +
    'entreprises innovation numérique données ouvertes participation budget participatif conseil municipal délibération financement ' +
    'européen ressources déchets tri recyclage eau qualité air pollution émissions climat adaptation chaleur îlots piétonne zone ' +
    'vitesse accessibilité handicap santé prévention migrants intégration formation université recherche marché centre-ville ' +
    'périphérie renouvellement urbain chantier entretien éclairage capteurs plateforme guichet citoyenneté bénévolat associations ' +
    'coopérative jardins partagés logistique livraisons navetteurs rond-point végétalisation friches métropole élus concertation'
  ).split(' '),
  en: (
    'the of and to for in with a city council project residents citizens services mobility public transport bus tram cycling ' +
    'cycle lanes parking traffic road safety neighbourhood green spaces trees energy retrofit buildings schools social inclusion ' +
    'housing older people young culture library museum heritage tourism economy jobs businesses innovation digital open data ' +
    'participation participatory budgeting councillors decision funding European resources waste recycling water air quality ' +
    'pollution emissions climate adaptation heat flooding pedestrian zone speed accessibility disability health prevention migrants ' +
    'integration skills university research market city centre suburbs regeneration roadworks maintenance street lighting sensors ' +
    'platform one-stop shop volunteering charities cooperative community gardens logistics deliveries commuters underpass ' +
    'roundabout low-traffic school streets district heating heat pumps procurement stakeholders pilot evaluation'
  ).split(' '),
  sv: (
    'och i för med av en på till att staden kommunen projekt invånare medborgare tjänster mobilitet kollektivtrafik buss ' +
    'spårvagn cykel cykelbanor parkering trafik trafiksäkerhet stadsdel grönområden träd energi renovering byggnader skolor ' +
    'social inkludering bostäder äldre unga kultur bibliotek museum kulturarv turism ekonomi arbete företag innovation digitalisering ' +
    'öppna data delaktighet medborgarbudget kommunfullmäktige beslut finansiering europeiska medel avfall sortering återvinning ' +
    'vatten luftkvalitet buller utsläpp klimat klimatanpassning värme översvämning gågata hastighet tillgänglighet hälsa ' +
    'förebyggande nyanlända integration utbildning högskola forskning torget centrum förorter stadsförnyelse byggarbetsplats ' +
    'underhåll belysning sensorer plattform medborgarkontor föreningsliv kooperativ stadsodling logistik leveranser pendlare ' +
    'gångtunnel rondell skärgård färja fjärrvärme värmepumpar'
  ).split(' '),
  es: (
    'el la de y para con en una del ciudad ayuntamiento proyecto ciudadanos vecinos servicios movilidad transporte público ' +
    'autobús bus tranvía bicicleta carriles bici aparcamiento tráfico seguridad vial barrio zonas verdes árboles energía ' +
    'rehabilitación edificios escuelas social inclusión vivienda mayores jóvenes cultura biblioteca museo patrimonio turismo ' +
    'economía empleo empresas innovación digital datos abiertos participación presupuestos participativos pleno concejal acuerdo ' +
    'financiación europea recursos residuos reciclaje agua calidad aire contaminación emisiones clima adaptación calor peatonal ' +
    'zona velocidad accesibilidad discapacidad salud prevención migrantes integración formación universidad investigación mercado ' +
    'centro histórico periferia regeneración urbana obras mantenimiento alumbrado sensores plataforma oficina voluntariado ' +
    'asociaciones cooperativa huertos urbanos logística repartos supermanzana'
  ).split(' '),
  nl: (
    'de het en van voor met in een op gemeente stad project bewoners burgers diensten mobiliteit openbaar vervoer bus tram ' +
    'fiets fietspaden parkeren verkeer verkeersveiligheid wijk buurt groen bomen energie renovatie gebouwen scholen sociaal ' +
    'inclusie woningen ouderen jongeren cultuur bibliotheek museum erfgoed toerisme economie werk bedrijven innovatie digitaal ' +
    'open data participatie burgerbegroting gemeenteraad wethouder besluit subsidie Europese middelen afval recycling water ' +
    'luchtkwaliteit geluid uitstoot klimaat klimaatadaptatie hitte wateroverlast voetgangersgebied snelheid toegankelijkheid ' +
    'gezondheid preventie nieuwkomers integratie onderwijs hogeschool onderzoek markt binnenstad centrum wijkvernieuwing ' +
    'onderhoud verlichting sensoren platform loket vrijwilligers verenigingen coöperatie moestuinen logistiek bezorging forenzen ' +
    'tunnel rotonde deelauto warmtenet'
  ).split(' '),
};
const LANGUAGES = Object.keys(VOCABULARY);

/** Each city's posts are in its country's language when we have a vocabulary for it, else in English. */
const COUNTRY_LANGUAGE: Record<string, string> = {
  IT: 'it',
  DE: 'de',
  AT: 'de',
  FR: 'fr',
  GB: 'en',
  IE: 'en',
  SE: 'sv',
  ES: 'es',
  NL: 'nl',
};

/** Working groups added for the run: [name, visibility]; one per forum, round robin. */
const GROUPS: [string, 'public' | 'private'][] = [
  ['Heritage and tourism', 'public'],
  ['Digital skills', 'public'],
  ['Clean air', 'public'],
  ['Open data', 'public'],
  ['Urban logistics', 'public'],
  ['Affordable housing', 'public'],
  ['Budget negotiations', 'private'],
  ['Procurement law', 'private'],
  ['Mayors office liaison', 'private'],
];
/** The signed-in user (officer.bologna) is an active member of this private group only. */
const MEMBER_OF_PRIVATE = 'Budget negotiations';

const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

interface SeedFigures {
  label: string;
  rows: number;
  seconds: number;
}

class Deadline {
  private readonly end: number;
  constructor(
    private readonly what: string,
    seconds: number,
  ) {
    this.end = Date.now() + seconds * 1000;
  }
  check(): void {
    if (Date.now() > this.end) throw new Error(`${this.what} took longer than allowed`);
  }
}

/** The lookup tables of the seeding session (temporary: they live as long as the seeding connection). */
async function prepareSeeding(pg: Client): Promise<{ users: number; cities: number; forums: number; groups: number }> {
  await pg.query(`create temporary table bench_vocab (n int primary key, code text not null, words text[] not null)`);
  for (const [index, code] of LANGUAGES.entries()) {
    await pg.query('insert into bench_vocab (n, code, words) values ($1, $2, $3)', [index + 1, code, VOCABULARY[code]]);
  }
  const english = LANGUAGES.indexOf('en') + 1;
  await pg.query(
    `create temporary table bench_city as
       select row_number() over (order by c.slug)::int as n, c.id,
         coalesce((select v.n from bench_vocab v where v.code = ($1::jsonb ->> c.country)), $2) as lang
       from city c`,
    [JSON.stringify(COUNTRY_LANGUAGE), english],
  );
  await pg.query(`create temporary table bench_user as select row_number() over (order by u.email)::int as n, u.id from app_user u`);
  await pg.query(`create temporary table bench_forum as select row_number() over (order by f.position)::int as n, f.id from forum f`);

  // Working groups: public and private ones, one per forum in turn; the signed-in user joins one private group.
  for (const [index, [name, visibility]] of GROUPS.entries()) {
    await pg.query(
      `insert into working_group (id, created_at, forum_id, name, description, visibility)
       select gen_random_uuid(), now() - interval '2 years', f.id, $2, $3, $4 from bench_forum f where f.n = $1`,
      [(index % 6) + 1, name, `${name}: a working group of the search benchmark.`, visibility],
    );
  }
  await pg.query(
    `insert into working_group_membership (id, created_at, working_group_id, user_id, role, status, approved_at)
     select gen_random_uuid(), now(), g.id, u.id, 'member', 'active', now()
     from working_group g, app_user u where g.name = $1 and u.email = $2`,
    [MEMBER_OF_PRIVATE, SEEDED.bologna],
  );
  await pg.query(
    `create temporary table bench_group as select row_number() over (order by g.name)::int as n, g.id, g.forum_id from working_group g`,
  );

  // n random words of a vocabulary, biased towards the start of the list.
  await pg.query(
    `create function pg_temp.bench_words(words text[], n int) returns text language sql volatile as $$
       select string_agg(words[1 + floor(array_length(words, 1) * power(random(), 2))::int], ' ') from generate_series(1, n)
     $$`,
  );
  const { rows } = await pg.query<{ users: number; cities: number; forums: number; groups: number }>(
    `select (select count(*) from bench_user)::int as users, (select count(*) from bench_city)::int as cities,
            (select count(*) from bench_forum)::int as forums, (select count(*) from bench_group)::int as groups`,
  );
  return rows[0];
}

const POSTS_SQL = `
insert into post (id, created_at, forum_id, working_group_id, city_id, author_id, status, language, title, summary, body, html,
                  tags, problem, results, cost_range, links, published_at, updated_at, revision)
select gen_random_uuid(), x.created, coalesce(wg.forum_id, f.id), wg.id, c.id, u.id, x.status, v.code,
  left(upper(left(t.title, 1)) || substr(t.title, 2), 200), left(t.summary, 1000), t.body, '<p>' || t.body || '</p>',
  array[t.tag1, t.tag2], t.problem, t.results, (array['none', 'under-10k', '10k-100k', '100k-1m', 'over-1m'])[1 + x.g % 5], '[]'::jsonb,
  case when x.status <> 'draft' then x.created + interval '3 days' end, x.created + interval '5 days',
  case when x.status <> 'draft' then 1 else 0 end
from (
  select g, now() - interval '7 days' - random() * interval '5 years' as created, 1 + floor(random() * $3)::int as city_n, 1 + floor(random() * $4)::int as user_n,
    1 + floor(random() * $5)::int as forum_n, case when g % 10 = 3 then 1 + (g / 10) % $6 end as group_n,
    case when g % 12 = 11 then 'draft' when g % 50 = 7 then 'archived' else 'published' end as status,
    random() < 0.25 as in_english, random() as r
  from generate_series($1::int, $2::int) g
  offset 0
) x
join bench_city c on c.n = x.city_n
join bench_user u on u.n = x.user_n
join bench_forum f on f.n = x.forum_n
left join bench_group wg on wg.n = x.group_n
join bench_vocab v on v.n = case when x.in_english then $7 else c.lang end
cross join lateral (
  select pg_temp.bench_words(v.words, 4 + (x.r * 6)::int) as title,
    pg_temp.bench_words(v.words, 15 + (x.r * 20)::int) as summary,
    pg_temp.bench_words(v.words, 60 + (x.r * 80)::int)
      || case when x.g % $8 = 1 then ' ${RARE_WORD} ' || pg_temp.bench_words(v.words, 5) else '' end
      || case when x.g % $9 = 2 then ' ${RARE_PLACE} ' || pg_temp.bench_words(v.words, 5) else '' end as body,
    pg_temp.bench_words(v.words, 20) as problem, pg_temp.bench_words(v.words, 20) as results,
    v.words[1 + (x.g % 40)] as tag1, v.words[41 + (x.g % 40)] as tag2
  offset 0
) t`;

const THREADS_SQL = `
insert into thread (id, created_at, forum_id, working_group_id, title, author_id, last_seq, last_activity_at)
select b.id, b.created_at, coalesce(wg.forum_id, f.id), wg.id,
  left(upper(left(t.title, 1)) || substr(t.title, 2), 200), u.id, 0, b.created_at
from bench_thread b
join bench_forum f on f.n = 1 + b.n % $1
join bench_user u on u.n = 1 + b.n % $2
left join bench_group wg on wg.n = case when b.n % 10 = 4 then 1 + (b.n / 10) % $3 end
join bench_vocab v on v.n = b.lang
cross join lateral (select pg_temp.bench_words(v.words, 3 + b.n % 7) as title offset 0) t`;

/**
 * One batch of messages: each goes to a thread picked with a skew (a few long threads, many short
 * ones) and gets the next seq of that thread: the thread's seq so far + row_number() over the
 * thread, so seqs stay gap-free across batches. client_msg_id is unique (hence per author too).
 */
const MESSAGES_SQL = `
with picked as (
  select g, 1 + floor($3 * power(random(), 1.5))::int as thread_n, random() as r, 1 + floor(random() * $4)::int as user_n
  from generate_series($1::int, $2::int) g
), numbered as (
  select p.*, b.id as thread_id, b.lang, b.created_at as thread_created,
    b.last_seq + row_number() over (partition by p.thread_n order by p.g) as seq
  from picked p join bench_thread b on b.n = p.thread_n
), inserted as (
  insert into message (id, created_at, thread_id, seq, author_id, client_msg_id, body, html, edited_at, deleted_at)
  select gen_random_uuid(), n.thread_created + n.seq * interval '7 minutes', n.thread_id, n.seq, u.id, 'bench-' || n.g,
    t.body, case when t.body = '' then '' else '<p>' || t.body || '</p>' end, case when n.r > 0.97 then n.thread_created + n.seq * interval '8 minutes' end,
    case when n.r < 0.01 then n.thread_created + n.seq * interval '9 minutes' end
  from numbered n
  join bench_user u on u.n = n.user_n
  join bench_vocab v on v.n = n.lang
  cross join lateral (
    select case when n.r < 0.01 then ''
      else pg_temp.bench_words(v.words, 5 + (n.r * 35)::int) || case when n.g % $5 = 3 then ' ${RARE_WORD}' else '' end end as body
    offset 0
  ) t
  returning thread_id, seq, created_at
), bumped as (
  update bench_thread b set last_seq = s.last_seq, last_at = s.last_at
  from (select thread_id, max(seq) as last_seq, max(created_at) as last_at from inserted group by thread_id) s
  where b.id = s.thread_id
  returning 1
)
select (select count(*) from inserted)::int as inserted`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, (performance.now() - start) / 1000];
}

async function seedInBatches(
  label: string,
  total: number,
  batchSize: number,
  deadline: Deadline,
  runBatch: (from: number, to: number) => Promise<void>,
): Promise<SeedFigures> {
  const start = performance.now();
  const batches = Math.ceil(total / batchSize);
  for (let batch = 0; batch < batches; batch++) {
    deadline.check();
    const from = batch * batchSize + 1;
    const to = Math.min(total, from + batchSize - 1);
    await runBatch(from, to);
    const seconds = (performance.now() - start) / 1000;
    log(`${label}: ${fmt(to)} / ${fmt(total)} rows, ${fmt(to / seconds)} rows/s`);
  }
  return { label, rows: total, seconds: (performance.now() - start) / 1000 };
}

/** Whether a kept database (BENCH_DATABASE) already holds a corpus of this benchmark: its working groups exist. */
async function holdsCorpus(databaseUrl: string): Promise<boolean> {
  return withPg(databaseUrl, async (pg) => {
    const { rowCount } = await pg.query('select 1 from working_group where name = $1', [MEMBER_OF_PRIVATE]);
    return Boolean(rowCount);
  });
}

async function seed(databaseUrl: string): Promise<{ figures: SeedFigures[]; analyzeSeconds: number; context: string }> {
  // No statement may outlast the seeding's time bound either.
  const pg = new Client({ connectionString: databaseUrl, statement_timeout: SEED_TIMEOUT_S * 1000 });
  await pg.connect();
  try {
    const deadline = new Deadline('seeding', SEED_TIMEOUT_S);
    const counts = await prepareSeeding(pg);
    const context = `${counts.forums} forums, ${counts.groups} working groups (${GROUPS.filter(([, v]) => v === 'private').length} private), ${counts.cities} cities, ${counts.users} users`;
    log(`seeding over ${context}`);
    const english = LANGUAGES.indexOf('en') + 1;
    const figures: SeedFigures[] = [];

    figures.push(
      await seedInBatches('posts', POSTS, POST_BATCH, deadline, async (from, to) => {
        await pg.query(POSTS_SQL, [
          from,
          to,
          counts.cities,
          counts.users,
          counts.forums,
          counts.groups,
          english,
          Math.max(1, Math.floor(POSTS / RARE_WORD_POSTS)),
          Math.max(3, Math.floor(POSTS / RARE_PLACE_POSTS)),
        ]);
      }),
    );

    const [, threadSeconds] = await timed(async () => {
      await pg.query(
        `create temporary table bench_thread as
           select n, gen_random_uuid() as id, 1 + floor(random() * $2)::int as lang, now() - interval '30 days' - random() * interval '3 years' as created_at,
             0::bigint as last_seq, null::timestamptz as last_at
           from generate_series(1, $1::int) n`,
        [THREADS, LANGUAGES.length],
      );
      await pg.query('alter table bench_thread add primary key (n)');
      await pg.query('create index on bench_thread (id)');
      await pg.query(THREADS_SQL, [counts.forums, counts.users, counts.groups]);
    });
    figures.push({ label: 'threads', rows: THREADS, seconds: threadSeconds });
    log(`threads: ${fmt(THREADS)} rows, ${fmt(THREADS / threadSeconds)} rows/s`);

    figures.push(
      await seedInBatches('messages', MESSAGES, MESSAGE_BATCH, deadline, async (from, to) => {
        await pg.query(MESSAGES_SQL, [from, to, THREADS, counts.users, Math.max(4, Math.floor(MESSAGES / RARE_WORD_MESSAGES))]);
        await pg.query('analyze bench_thread');
      }),
    );
    // Each thread's last_seq / last_activity_at, as the app keeps them.
    await pg.query(
      `update thread t set last_seq = b.last_seq, last_activity_at = coalesce(b.last_at, t.created_at) from bench_thread b where b.id = t.id`,
    );

    // With (thread_id, seq) unique, count = max and min = 1 means 1, 2, 3 ... without gaps.
    const { rows: broken } = await pg.query<{ threads: number }>(
      `select count(*)::int as threads from (select thread_id, count(*) as n, min(seq) as first, max(seq) as last from message group by thread_id) s
       join thread t on t.id = s.thread_id where s.first <> 1 or s.last <> s.n or t.last_seq <> s.last`,
    );
    if (broken[0].threads) throw new Error(`${broken[0].threads} threads have seq gaps or a wrong last_seq`);

    deadline.check();
    // What autovacuum would do shortly after a bulk load: statistics, hint bits and the visibility map.
    log('VACUUM ANALYZE');
    const [, analyzeSeconds] = await timed(() => pg.query('vacuum analyze'));
    return { figures, analyzeSeconds, context };
  } finally {
    await pg.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

type PathName = 'api' | 'bare HTTP' | 'raw SQL';

interface Measurement {
  term: Term;
  path: PathName;
  /** Median of a few sequential requests with nothing else running. */
  idle: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  results: number;
}

interface SearchItem {
  kind: string;
  id: string;
}

/** Runs `work` `times` times in a row; returns the last result and the median duration (ms). */
async function sequential<T>(times: number, work: () => Promise<T>): Promise<[T, number]> {
  const durations: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    result = await work();
    durations.push(performance.now() - start);
  }
  if (result === undefined) throw new Error('nothing ran');
  return [
    result,
    percentile(
      durations.sort((a, b) => a - b),
      50,
    ),
  ];
}

async function httpSearch(url: string, headers: Record<string, string>, q: string): Promise<SearchItem[]> {
  const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`, {
    headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_S * 1000),
  });
  if (response.status !== 200) throw new Error(`GET /api/search?q=${q} answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { items: SearchItem[] };
  return body.items;
}

/**
 * Waits until no query runs in the run's database, cancelling those still running after
 * `graceS`: the requests a run gives up on at its end (autocannon drops them, as do the raw
 * loops) would otherwise keep PostgreSQL busy during the next run. The API logs each query
 * cancelled under it as an error, hence the grace period.
 */
async function settle(control: Client, databaseName: string, graceS: number): Promise<number> {
  const cancelled = new Set<number>();
  const start = performance.now();
  while (performance.now() - start < (graceS + SETTLE_TIMEOUT_S) * 1000) {
    const { rows } = await control.query<{ pid: number }>(
      `select pid from pg_stat_activity
       where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend' and state = 'active'`,
      [databaseName],
    );
    if (!rows.length) return cancelled.size;
    if (performance.now() - start >= graceS * 1000) {
      await control.query('select pg_cancel_backend(pid) from unnest($1::int[]) pid', [rows.map((row) => row.pid)]);
      for (const { pid } of rows) cancelled.add(pid);
    }
    await sleep(100);
  }
  throw new Error(`queries were still running in ${databaseName} ${graceS + SETTLE_TIMEOUT_S} s after a run`);
}

/** The latencies (ms) of the requests completed within a run, and how many failed. */
interface Load {
  latencies: number[];
  failures: number;
}

/** autocannon with CONNECTIONS connections; each response's latency is kept, so that runs can be merged. */
async function loadHttp(url: string, headers: Record<string, string>, seconds: number): Promise<Load> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, headers, connections: CONNECTIONS, duration: seconds, timeout: REQUEST_TIMEOUT_S },
      (error, result) =>
        error
          ? reject(error instanceof Error ? error : new Error(String(error)))
          : resolve({ latencies, failures: result.non2xx + result.errors + result.timeouts }),
    );
    instance.on('response', (_client, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode < 300) latencies.push(responseTime);
    });
  });
}

/**
 * CONNECTIONS loops, each running the search back to back over the pool for `seconds`. Like
 * autocannon, only the requests completed within the run count; those still running at its end
 * are cancelled (by `stop`).
 */
async function loadRaw(run: () => Promise<unknown>, seconds: number, stop: () => Promise<unknown>): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + seconds * 1000;
  const loop = async () => {
    for (let i = 0; i < MAX_REQUESTS_PER_LOOP && performance.now() < end; i++) {
      const start = performance.now();
      try {
        await run();
        if (performance.now() <= end) latencies.push(performance.now() - start);
      } catch (error) {
        if (performance.now() <= end) {
          failures++;
          log(`raw query failed: ${errorMessage(error)}`);
        }
      }
    }
  };
  const loops = Promise.all(Array.from({ length: CONNECTIONS }, loop));
  await Promise.race([loops, sleep(seconds * 1000)]);
  await stop();
  await loops;
  return { latencies, failures };
}

async function main(resources: Resources): Promise<number> {
  await ensureBuild();
  const built = statSync(API_MAIN).mtimeMs;
  if (built < statSync(path.join(ROOT, 'libs/search/src/search.queries.ts')).mtimeMs)
    log('warning: the built API is older than libs/search/src/search.queries.ts (run `npx nest build`)');

  const environment = await createBenchEnvironment(resources);
  const seeded = environment.reused && (await holdsCorpus(environment.databaseUrl)) ? undefined : await seed(environment.databaseUrl);

  // The API's sessions' settings too (orm-options.ts), so that both paths run on equal terms.
  const pool = new Pool({
    connectionString: environment.databaseUrl,
    max: PG_POOL_SIZE,
    statement_timeout: REQUEST_TIMEOUT_S * 1000,
    options: PG_SESSION_OPTIONS,
  });
  resources.defer('end pg pool', () => pool.end());
  const control = new Client({ connectionString: environment.databaseUrl });
  await control.connect();
  resources.defer('close control connection', () => control.end());
  const settleAfter = (path: PathName) => async () => {
    const cancelled = await settle(control, environment.databaseName, path === 'raw SQL' ? 0 : API_GRACE_S);
    if (!cancelled) return;
    log(`cancelled the queries of ${cancelled} connections still busy at the end of the ${path} run`);
    // pg.Pool drops a connection whose query failed: open them again, so that the next run does not pay for it.
    if (path === 'raw SQL') await Promise.all(Array.from({ length: PG_POOL_SIZE }, () => pool.query(`select agora_tsquery('warm')`)));
  };

  const { rows: sizes } = await control.query<{ relation: string; size: string }>(
    `select relname as relation, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
     where relname in ('post', 'message', 'post_search_idx', 'message_search_idx') order by relname`,
  );
  const { rows: server } = await control.query<{ version: string; shared_buffers: string; work_mem: string }>(
    `select split_part(version(), ' ', 2) as version, current_setting('shared_buffers') as shared_buffers,
            current_setting('work_mem') as work_mem`,
  );

  const { child: api, url: apiUrl } = await startApi(resources, environment);
  const token = await new ApiClient(apiUrl).tokenFor(SEEDED.bologna, DEV_PASSWORD);
  log(`api listening on ${apiUrl}, signed in as ${SEEDED.bologna}`);

  // What SearchService passes for this user: the private groups it is no active member of (as
  // WorkingGroupsService.hiddenGroups embeds them), all kinds, the default page size.
  const { rows: users } = await control.query<{ id: string }>('select id from app_user where email = $1', [SEEDED.bologna]);
  const userId = users[0].id;
  const hiddenGroups = hiddenGroupsOf(userId);
  const { rows: hidden } = await control.query<{ id: string }>(pgQuery(hiddenGroups));
  const hiddenGroupIds = hidden.map((row) => row.id);
  const statistics = await readCommonLexemes(control);

  const { child: bare, url: bareUrl } = await startBareServer(resources, environment, userId);
  const servers: { path: PathName; child: typeof api; url: string; headers: Record<string, string> }[] = [
    { path: 'api', child: api, url: apiUrl, headers: { authorization: `Bearer ${token}` } },
    { path: 'bare HTTP', child: bare, url: bareUrl, headers: {} },
  ];

  const results: Measurement[] = [];
  const matches = new Map<string, string>();
  const shapes = new Map<string, string>();
  for (const term of TERMS) {
    const search = () => runSearch(pool, term.q, hiddenGroups, statistics);
    // Every path must answer the same page: the raw query is the API's query.
    const [{ common, together, result: raw }, rawIdle] = await sequential(IDLE_REQUESTS, search);
    const rawKeys = raw.rows
      .slice(0, PAGE_LIMIT)
      .map((row) => `${row.kind}:${row.id}`)
      .join();
    const idle = new Map<PathName, number>([['raw SQL', rawIdle]]);
    if (!raw.rows.length) throw new Error(`q=${term.q} found nothing`);
    for (const server of servers) {
      const [page, idleMs] = await sequential(IDLE_REQUESTS, () => httpSearch(server.url, server.headers, term.q));
      const keys = page.map((item) => `${item.kind}:${item.id}`).join();
      if (keys !== rawKeys)
        throw new Error(`q=${term.q}: the ${server.path} page differs from the raw query's\n${server.path}: ${keys}\nraw: ${rawKeys}`);
      idle.set(server.path, idleMs);
    }
    shapes.set(
      term.q,
      common.size
        ? `newest ${RANK_WINDOW} ranked in ${[...common].join(', ')}${together ? ' (words together: walking at most their newest rows)' : ''}; all ranked elsewhere`
        : 'all matches ranked',
    );
    // How many documents match (a page shows 20) and, for the accent checks, how many of them are written with the accent.
    const { rows: counted } = await control.query<{ posts: number; threads: number; messages: number; accented: number }>(
      `with p as (select p.title || ' ' || p.summary || ' ' || p.body || ' ' || p.problem || ' ' || p.results as text from post p
                  where p.search_vector @@ agora_tsquery($1) and p.status = 'published'
                    and (p.working_group_id is null or p.working_group_id <> all($2::uuid[]))),
            m as (select m.body as text from message m join thread t on t.id = m.thread_id
                  where m.search_vector @@ agora_tsquery($1) and m.deleted_at is null
                    and (t.working_group_id is null or t.working_group_id <> all($2::uuid[])))
       select (select count(*) from p)::int as posts, (select count(*) from m)::int as messages,
              (select count(*) from thread t where t.search_vector @@ agora_tsquery($1)
                 and (t.working_group_id is null or t.working_group_id <> all($2::uuid[])))::int as threads,
              ((select count(*) from p where strpos(p.text, $3) > 0) + (select count(*) from m where strpos(m.text, $3) > 0))::int as accented`,
      [term.q, `{${hiddenGroupIds.join(',')}}`, term.mustMatch ?? ''],
    );
    const c = counted[0];
    if (term.mustMatch && c.accented === 0) throw new Error(`q=${term.q} matches no document written "${term.mustMatch}"`);
    const accented = term.mustMatch ? `; ${fmt(c.accented)} of them contain "${term.mustMatch}"` : '';
    matches.set(
      term.q,
      `${fmt(c.posts + c.threads + c.messages)} (${fmt(c.posts)} posts, ${fmt(c.threads)} threads, ${fmt(c.messages)} messages${accented})`,
    );

    // Each path in ROUNDS slices, taken in turn, so that a change in the machine's speed during
    // the term's runs (a shared 2-core machine varies by 2x over minutes) weighs on all of them.
    const paths: { path: PathName; load: (seconds: number) => Promise<Load> }[] = [
      ...servers.map((server) => ({
        path: server.path,
        load: async (seconds: number) => {
          if (!isRunning(server.child)) throw new Error(`${server.child.label} exited during the benchmark`);
          const load = await loadHttp(`${server.url}/api/search?q=${encodeURIComponent(term.q)}`, server.headers, seconds);
          await settleAfter(server.path)();
          return load;
        },
      })),
      { path: 'raw SQL', load: (seconds: number) => loadRaw(search, seconds, settleAfter('raw SQL')) },
    ];
    log(`q=${term.q}: ${WARMUP_S} s warm-up per path, then ${ROUNDS} rounds of ${DURATION_S / ROUNDS} s per path`);
    if (WARMUP_S > 0) for (const { load } of paths) await load(WARMUP_S);
    const loads = new Map<PathName, Load>(paths.map(({ path }) => [path, { latencies: [], failures: 0 }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { path, load } of paths) {
        const slice = await load(DURATION_S / ROUNDS);
        const merged = loads.get(path);
        merged?.latencies.push(...slice.latencies);
        if (merged) merged.failures += slice.failures;
      }
    }
    for (const [path, { latencies, failures }] of loads) {
      latencies.sort((a, b) => a - b);
      results.push({
        term,
        path,
        idle: idle.get(path) ?? NaN,
        rps: latencies.length / DURATION_S,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        requests: latencies.length,
        failures,
        results: Math.min(PAGE_LIMIT, raw.rows.length),
      });
    }
  }

  const table = [['term', 'path', 'idle ms', 'req/s', 'p50 ms', 'p99 ms', 'results', 'p99 / raw p99', 'requests', 'failures']];
  const verdicts: string[] = [];
  let allMet = true;
  for (const term of TERMS) {
    const ours = results.find((m) => m.term === term && m.path === 'api');
    const bare = results.find((m) => m.term === term && m.path === 'bare HTTP');
    const raw = results.find((m) => m.term === term && m.path === 'raw SQL');
    if (!ours || !bare || !raw) continue;
    const measured = ours.requests > 0 && raw.requests > 0;
    const ratio = ours.p99 / raw.p99;
    for (const m of [ours, bare, raw]) {
      table.push([
        m === ours ? `${term.q} (${term.kind})` : '',
        m.path,
        ms(m.idle),
        m.rps.toFixed(1),
        m.requests ? ms(m.p50) : '-',
        m.requests ? ms(m.p99) : '-',
        String(m.results),
        m !== raw && m.requests && raw.requests ? `${(m.p99 / raw.p99).toFixed(2)}x` : '',
        String(m.requests),
        String(m.failures),
      ]);
    }
    let verdict: string;
    if (!measured) {
      allMet = false;
      verdict = `${`q=${term.q}`.padEnd(14)} NOT met: ${ours.requests ? 'the raw query' : 'the api'} completed no request within ${DURATION_S} s`;
    } else {
      const ratioMet = ratio <= TARGET_P99_RATIO;
      allMet &&= ratioMet;
      verdict = `${`q=${term.q}`.padEnd(14)} api/raw p99 ${ratio.toFixed(2)}x <= ${TARGET_P99_RATIO}x: ${ratioMet ? 'met' : 'NOT met'}`;
      if (!ratioMet && bare.requests) verdict += ` (bare HTTP/raw ${(bare.p99 / raw.p99).toFixed(2)}x)`;
      if (term.kind === 'rare') {
        const p99Met = ours.p99 < TARGET_RARE_P99_MS;
        allMet &&= p99Met;
        verdict += `; p99 ${ms(ours.p99)} ms < ${TARGET_RARE_P99_MS} ms (rare term): ${p99Met ? 'met' : 'NOT met'}`;
      }
    }
    verdicts.push(verdict);
  }

  const cpus = os.cpus();
  const seedLines = seeded
    ? [
        `Seeding, ${seeded.context}: set-based INSERT ... SELECT over generate_series,`,
        'the stored generated tsvector columns and their GIN indexes maintained during the inserts:',
        ...seeded.figures.map(
          (f) =>
            `  ${f.label.padEnd(9)} ${fmt(f.rows).padStart(10)} rows in ${f.seconds.toFixed(1).padStart(6)} s = ${fmt(f.rows / f.seconds).padStart(7)} rows/s`,
        ),
        `  VACUUM ANALYZE ${seeded.analyzeSeconds.toFixed(1)} s`,
      ]
    : [`Corpus seeded by an earlier run into ${environment.databaseName} (BENCH_DATABASE); not seeded again.`];
  const failures = results.reduce((sum, m) => sum + m.failures, 0);
  process.stdout.write(
    [
      '',
      `Agora search benchmark: node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString()}`,
      `PostgreSQL ${server[0].version} (shared_buffers ${server[0].shared_buffers}, work_mem ${server[0].work_mem}); ` +
        `API ${path.relative(ROOT, API_MAIN)} built ${new Date(built).toISOString()}`,
      '',
      ...seedLines,
      `Sizes with indexes and TOAST: ${sizes.map((s) => `${s.relation} ${s.size}`).join(', ')}`,
      '',
      `GET /api/search?q=<term> as ${SEEDED.bologna} (${hiddenGroupIds.length} private groups hidden), limit ${PAGE_LIMIT}.`,
      `api = the built API under autocannon, ${CONNECTIONS} connections; bare HTTP = the same statements behind a bare Fastify route`,
      `(bare-server.ts: no auth, validation, logging, rate limit or result mapping), under autocannon the same way;`,
      `raw SQL = the same statements through pg.Pool (max ${PG_POOL_SIZE}), ${CONNECTIONS} concurrent loops.`,
      `${DURATION_S} s per term and path after ${WARMUP_S} s warm-up, in ${ROUNDS} slices taken in turn (api, bare, raw, api, ...), one at a time.`,
      `Requests still running when a slice ends are not counted`,
      `(as autocannon does); their queries are awaited (HTTP paths, up to ${API_GRACE_S} s) or cancelled before the next slice.`,
      `idle = median of ${IDLE_REQUESTS} sequential requests with nothing else running; results = items on the first page.`,
      '',
      formatTable(table),
      '',
      'Matching documents the user may see (counted separately):',
      ...TERMS.map((term) => `  ${term.q.padEnd(10)} ${matches.get(term.q) ?? '?'}  [${term.note}]`),
      '',
      "How each term was searched (by the tables' statistics: search.queries.ts, commonTables):",
      ...TERMS.map((term) => `  ${term.q.padEnd(10)} ${shapes.get(term.q) ?? '?'}`),
      '',
      `Targets (p99 < ${TARGET_RARE_P99_MS} ms for rare terms; api p99 within ${TARGET_P99_RATIO}x of the raw query's):`,
      ...verdicts.map((verdict) => `  ${verdict}`),
      `  => ${allMet ? 'all targets met' : 'targets NOT met'}`,
      '',
    ].join('\n'),
  );
  if (failures > 0) {
    log(`${failures} requests failed or answered non-2xx: the figures are not valid`);
    return 1;
  }
  return 0;
}

runBench(main);
