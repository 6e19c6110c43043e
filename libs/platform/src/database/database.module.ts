import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { AgoraConfig } from '../config/config.module';
import { ConfigService } from '@nestjs/config';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ormOptions } from './orm-options';
import { Statements } from './statements';

@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) => ({
        ...ormOptions(config.get('DATABASE_URL', { infer: true })),
        autoLoadEntities: true,
        registerRequestContext: true,
      }),
      driver: PostgreSqlDriver,
    }),
  ],
  providers: [Statements],
  exports: [Statements],
})
export class DatabaseModule {}
