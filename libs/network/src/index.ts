export * from './cities.service';
export { City } from './city.entity';
export { Twinning } from './twinning.entity';
export * from './mandate.entity';
export * from './mandates.service';
export * from './network.module';
export * from './network.seeder';
export * from './dto/city.dto';
