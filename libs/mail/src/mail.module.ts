import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Env } from '@agora/platform';
import { MailTransport } from './mail.transport';

@Global()
@Module({
  providers: [
    {
      provide: MailTransport,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) =>
        new MailTransport(
          config.get('MAIL_FROM', { infer: true }),
          config.get('SMTP_URL', { infer: true }),
          config.get('OUTBOX_DIR', { infer: true }),
          config.get('SMTP_POOL_SIZE', { infer: true }),
        ),
    },
  ],
  exports: [MailTransport],
})
export class MailModule implements OnApplicationShutdown {
  constructor(private readonly transport: MailTransport) {}

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
