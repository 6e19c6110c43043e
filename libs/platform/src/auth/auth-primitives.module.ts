import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { AgoraConfig } from '../config/config.module';
import { AccessTokensService } from './access-tokens.service';
import { JwtAuthGuard } from './jwt-auth.guard';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: AgoraConfig) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise first tries (and fails) to parse the
        // string as a public key on every verify, which cost more than the rest of a request.
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true }))),
        signOptions: { expiresIn: config.get('JWT_ACCESS_TTL_SECONDS', { infer: true }), algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AccessTokensService, JwtAuthGuard],
  exports: [AccessTokensService, JwtAuthGuard, JwtModule],
})
export class AuthPrimitivesModule {}
