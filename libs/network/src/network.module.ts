import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CitiesService } from './cities.service';
import { City } from './city.entity';
import { Mandate } from './mandate.entity';
import { MandatesService } from './mandates.service';
import { Twinning } from './twinning.entity';
import { CitiesController } from './cities.controller';

@Module({
  imports: [MikroOrmModule.forFeature([City, Twinning, Mandate])],
  providers: [CitiesService, MandatesService],
  exports: [CitiesService, MandatesService],
})
export class NetworkModule {}

/** The HTTP side of the context; the worker imports NetworkModule alone, without routes. */
@Module({
  imports: [NetworkModule],
  controllers: [CitiesController],
})
export class NetworkHttpModule {}
