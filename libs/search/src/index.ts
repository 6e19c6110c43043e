export * from './dto/search.dto';
export * from './search.module';
export * from './search.service';
