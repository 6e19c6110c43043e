import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Roles } from '@agora/platform';
import { CitiesService } from './cities.service';
import {
  CityListQuery,
  CityPage,
  CityProfile,
  CreateCityDto,
  CreateMandateDto,
  CreateTwinningDto,
  EndMandateDto,
  ExecutiveCommitteeView,
  MandateView,
  NetworkView,
  UpdateCityDto,
} from './dto/city.dto';
import { MandatesService } from './mandates.service';
import { NETWORK } from './network.facts';

@ApiTags('network')
@Controller()
export class CitiesController {
  constructor(
    private readonly cities: CitiesService,
    private readonly mandates: MandatesService,
  ) {}

  @Get('network')
  @ApiOperation({ summary: 'The network: its name, founding year, secretariat and number of member cities' })
  @ApiOkResponse({ type: NetworkView })
  async network(): Promise<NetworkView> {
    return { ...NETWORK, memberCities: await this.cities.count() };
  }

  @Get('cities')
  @ApiOperation({ summary: 'Member cities by name, optionally of one country' })
  @ApiOkResponse({ type: CityPage })
  list(@Query() query: CityListQuery) {
    return this.cities.list(query);
  }

  @Get('cities/:slug')
  @ApiOperation({ summary: 'A city profile: membership, twinnings and mandates' })
  @ApiOkResponse({ type: CityProfile })
  profile(@Param('slug') slug: string) {
    return this.cities.profile(slug);
  }

  @Post('cities')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Add a member city (admin, secretariat); 409 when the slug is taken' })
  @ApiProblems(409)
  @ApiCreatedResponse({ type: CityProfile })
  create(@Body() dto: CreateCityDto) {
    return this.cities.create(dto);
  }

  @Patch('cities/:slug')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: "Change a city's name, country or membership year (admin, secretariat)" })
  @ApiOkResponse({ type: CityProfile })
  update(@Param('slug') slug: string, @Body() dto: UpdateCityDto) {
    return this.cities.update(slug, dto);
  }

  @Post('cities/:slug/twinnings')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Twin two member cities (admin, secretariat); 409 when they are twinned already' })
  @ApiProblems(409)
  @ApiCreatedResponse({ type: CityProfile })
  twin(@Param('slug') slug: string, @Body() dto: CreateTwinningDto) {
    return this.cities.twin(slug, dto);
  }

  @Post('cities/:slug/mandates')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Record an office; 409 when it would exceed the Executive Committee or a single-holder role' })
  @ApiProblems(409)
  @ApiCreatedResponse({ type: MandateView })
  async addMandate(@Param('slug') slug: string, @Body() dto: CreateMandateDto) {
    return this.mandates.add(await this.cities.getBySlug(slug), dto);
  }

  @Patch('mandates/:id')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'End a mandate by setting its last year' })
  @ApiOkResponse({ type: MandateView })
  endMandate(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: EndMandateDto) {
    return this.mandates.end(id, dto);
  }

  @Get('governance/executive-committee')
  @ApiOperation({ summary: 'The Executive Committee this year: its Chair city and member cities' })
  @ApiOkResponse({ type: ExecutiveCommitteeView })
  executiveCommittee() {
    return this.mandates.executiveCommittee();
  }
}
