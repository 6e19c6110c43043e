import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CitiesController } from './cities.controller';
import { CitiesService } from './cities.service';
import { City } from './city.entity';
import { Mandate } from './mandate.entity';
import { MandatesService } from './mandates.service';
import { Twinning } from './twinning.entity';

@Module({
  imports: [MikroOrmModule.forFeature([City, Twinning, Mandate])],
  controllers: [CitiesController],
  providers: [CitiesService, MandatesService],
  exports: [CitiesService, MandatesService],
})
export class NetworkModule {}
