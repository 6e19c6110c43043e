import { Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { mailLayout } from '@agora/mail';
import { escapeHtml, Public } from '@agora/platform';
import { DigestPreferencesService } from './digest-preferences.service';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Works without cookies or sign-in: the signed token in the link is the authority. */
@ApiTags('digests')
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly tokens: UnsubscribeTokens,
    private readonly preferences: DigestPreferencesService,
  ) {}

  @Post()
  @Public()
  @SkipThrottle({ default: true })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058): turns digests off; 400 for a forged or expired token' })
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ schema: { example: { unsubscribed: true } } })
  async unsubscribe(@Query('token') token?: string): Promise<{ unsubscribed: true }> {
    await this.preferences.turnOff(this.tokens.verify(token));
    return { unsubscribed: true };
  }

  /** A mail client that follows the link with GET gets a page asking to confirm (a GET must not change anything). */
  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The confirmation page behind the unsubscribe link' })
  @ApiQuery({ name: 'token', required: true })
  confirm(@Query('token') token?: string): string {
    this.tokens.verify(token);
    return mailLayout({
      title: 'Unsubscribe from Agora digests',
      preheader: 'Unsubscribe',
      body: `<p>Stop receiving Agora digests by e-mail?</p>
<form method="post" action="?token=${escapeHtml(encodeURIComponent(token!))}"><button type="submit" style="padding:10px 18px;background:#1e3a8a;color:#fff;border:0;border-radius:4px">Unsubscribe</button></form>`,
      footer: 'You can turn digests back on in your settings on Agora at any time.',
    });
  }
}
