import { Module, OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { AgoraConfig } from '../config/config.module';
import { ConfigService } from '@nestjs/config';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ormOptions } from './orm-options';
import { RequestEntityManagers } from './request-entity-managers';

/** Holds the one RequestEntityManagers of an application, for the ORM's options and for DatabaseModule. */
@Module({ providers: [RequestEntityManagers], exports: [RequestEntityManagers] })
class RequestEntityManagersModule {}

@Module({
  imports: [
    RequestEntityManagersModule,
    MikroOrmModule.forRootAsync({
      imports: [RequestEntityManagersModule],
      inject: [ConfigService, RequestEntityManagers],
      useFactory: (config: AgoraConfig, requests: RequestEntityManagers) => ({
        ...ormOptions(config.get('DATABASE_URL', { infer: true })),
        autoLoadEntities: true,
        // Each HTTP request's fork, without a second AsyncLocalStorage (request-entity-managers.ts).
        registerRequestContext: false,
        context: requests.resolve,
      }),
      driver: PostgreSqlDriver,
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly requests: RequestEntityManagers,
  ) {}

  onModuleInit(): void {
    this.requests.bind(this.orm.em);
  }
}
