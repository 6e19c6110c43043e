import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Env, validateEnv } from './env';

/** Typed access to the validated environment: `config.get('PORT', { infer: true })`. */
export type AgoraConfig = ConfigService<Env, true>;

/**
 * A dynamic module so the environment is read when the application is assembled, not when
 * this file is first imported (tests set their environment in between).
 */
@Module({})
export class AgoraConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AgoraConfigModule,
      global: true,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, cache: true, validate: validateEnv })],
      exports: [ConfigModule],
    };
  }
}
