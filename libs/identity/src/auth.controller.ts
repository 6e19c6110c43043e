import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthThrottled, AuthUser, CurrentUser, Env, Public } from '@agora/platform';
import { LoginDto, RefreshDto, SessionView, TokenPair, UpdateProfileDto, UserView } from './dto/identity.dto';
import { clearRefreshCookie, CookieOptions, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import { SessionsService } from './sessions.service';
import { toUserView, UsersService } from './users.service';

@ApiTags('identity')
@Controller()
export class AuthController {
  private readonly cookie: CookieOptions;

  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    config: ConfigService<Env, true>,
  ) {
    this.cookie = refreshCookieOptions(config);
  }

  @Post('auth/login')
  @Public()
  @AuthThrottled()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'wrong e-mail or password' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    const session = await this.sessions.login(dto.email, dto.password);
    setRefreshCookie(reply, session.refreshToken, this.cookie);
    return session;
  }

  @Post('auth/refresh')
  @Public()
  @AuthThrottled()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair; a reused token revokes the session',
    description: 'The token comes from the body or, when the body has none, from the httpOnly cookie set at sign-in.',
  })
  @ApiOkResponse({ type: TokenPair })
  async refresh(
    // Optional: a body-less POST (the web client's cookie) arrives as undefined.
    @Body() dto: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPair> {
    const presented = dto?.refreshToken ?? readRefreshCookie(request);
    if (!presented) throw new UnauthorizedException('Send the refresh token in the body or sign in again');
    const pair = await this.sessions.refresh(presented);
    setRefreshCookie(reply, pair.refreshToken, this.cookie);
    return pair;
  }

  @Post('auth/logout')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this sign-in session: its refresh tokens stop working' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.logout(user.sessionId);
    clearRefreshCookie(reply, this.cookie);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserView })
  async me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return toUserView(await this.users.get(user.id));
  }

  @Patch('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own name, time zone or languages (the first is the interface language)' })
  @ApiOkResponse({ type: UserView })
  async updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserView> {
    return toUserView(await this.users.updateProfile(user.id, dto));
  }
}

/** Secure when the public URL is https; the cookie lives as long as the refresh token. */
export function refreshCookieOptions(config: ConfigService<Env, true>): CookieOptions {
  return {
    secure: config.get('PUBLIC_URL', { infer: true }).startsWith('https:'),
    maxAgeSeconds: config.get('JWT_REFRESH_TTL_DAYS', { infer: true }) * 24 * 60 * 60,
  };
}
