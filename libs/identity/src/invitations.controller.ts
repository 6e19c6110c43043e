import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthThrottled, AuthUser, CurrentUser, Env, Public, Roles } from '@agora/platform';
import { refreshCookieOptions } from './auth.controller';
import { AcceptInvitationDto, CreateInvitationDto, InvitationView, SessionView } from './dto/identity.dto';
import { InvitationsService } from './invitations.service';
import { CookieOptions, setRefreshCookie } from './refresh-cookie';

@ApiTags('identity')
@Controller('invitations')
export class InvitationsController {
  private readonly cookie: CookieOptions;

  constructor(
    private readonly invitations: InvitationsService,
    config: ConfigService<Env, true>,
  ) {
    this.cookie = refreshCookieOptions(config);
  }

  @Post()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Invite someone; they get a mail with a link (admin, secretariat)' })
  @ApiCreatedResponse({ type: InvitationView })
  @ApiProblems(403, 409)
  invite(@CurrentUser() user: AuthUser, @Body() dto: CreateInvitationDto): Promise<InvitationView> {
    return this.invitations.invite(user, dto);
  }

  @Post(':token/accept')
  @Public()
  @AuthThrottled()
  @ApiOperation({ summary: 'Accept an invitation: creates the account and signs it in' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiProblems(409)
  async accept(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView> {
    const session = await this.invitations.accept(token, dto);
    setRefreshCookie(reply, session.refreshToken, this.cookie);
    return session;
  }
}
