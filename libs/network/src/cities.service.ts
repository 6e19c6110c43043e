import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { decodeCursor, Page, runSql, toPage } from '@agora/platform';
import { City } from './city.entity';
import { CityListQuery, CityProfile, CitySummary, CreateCityDto, CreateTwinningDto, UpdateCityDto } from './dto/city.dto';
import { Twinning } from './twinning.entity';
import { cityProfile, CityProfileRow } from './network.queries';

@Injectable()
export class CitiesService {
  constructor(private readonly em: EntityManager) {}

  async list(query: CityListQuery): Promise<Page<CitySummary>> {
    const where: FilterQuery<City> = query.country ? { country: query.country } : {};
    const after = decodeCursor(query.cursor);
    const rows = await this.em.find(
      City,
      after ? { $and: [where, { $or: [{ name: { $gt: String(after[0]) } }, { name: String(after[0]), id: { $gt: after[1] } }] }] } : where,
      { orderBy: { name: 'asc', id: 'asc' }, limit: query.limit + 1 },
    );
    return toPage(rows, query.limit, (city) => [city.name, city.id], toCitySummary);
  }

  async getBySlug(slug: string): Promise<City> {
    const city = await this.em.findOne(City, { slug });
    if (!city) throw new NotFoundException(`No member city with slug "${slug}"`);
    return city;
  }

  async findBySlug(slug: string): Promise<City | null> {
    return this.em.findOne(City, { slug });
  }

  async profile(slug: string): Promise<CityProfile> {
    const [row] = await runSql<CityProfileRow>(this.em, cityProfile(slug));
    if (!row) throw new NotFoundException(`No member city with slug "${slug}"`);
    return row as CityProfile;
  }

  async create(dto: CreateCityDto): Promise<CityProfile> {
    if (await this.findBySlug(dto.slug)) throw new ConflictException(`A city with slug "${dto.slug}" exists already`);
    const city = new City(dto.slug, dto.name, dto.country, dto.memberSince ?? null);
    await this.em.persist(city).flush();
    return { ...toCitySummary(city), twinnings: [], mandates: [] };
  }

  async update(slug: string, dto: UpdateCityDto): Promise<CityProfile> {
    const city = await this.getBySlug(slug);
    this.em.assign(city, dto);
    await this.em.flush();
    return this.profile(slug);
  }

  async twin(slug: string, dto: CreateTwinningDto): Promise<CityProfile> {
    const [city, partner] = await Promise.all([this.getBySlug(slug), this.getBySlug(dto.city)]);
    if (city.id === partner.id) throw new ConflictException('A city cannot be twinned with itself');
    const twinning = new Twinning(city, partner, dto.since ?? null);
    const exists = await this.em.count(Twinning, { first: twinning.first, second: twinning.second });
    if (exists) throw new ConflictException(`${city.name} and ${partner.name} are twinned already`);
    await this.em.persist(twinning).flush();
    return this.profile(slug);
  }

  async count(): Promise<number> {
    return this.em.count(City, {});
  }
}

export function toCitySummary(city: City): CitySummary {
  return { slug: city.slug, name: city.name, country: city.country, memberSince: city.memberSince };
}
