import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiProblems,
  AuthThrottled,
  AuthUser,
  CurrentUser,
  Env,
  Public,
  queueDashboardCookie,
  TooManyAttemptsException,
} from '@agora/platform';
import { LoginDto, RefreshDto, SessionView, TokenPair, UserView } from './dto/identity.dto';
import { SessionsService } from './sessions.service';
import { toUserView, UsersService } from './users.service';

@ApiTags('identity')
@Controller()
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @Post('auth/login')
  @Public()
  @AuthThrottled()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address, or failures on this account (see Retry-After)' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    try {
      return await this.sessions.login(dto.email, dto.password);
    } catch (error) {
      if (error instanceof TooManyAttemptsException) void reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('auth/refresh')
  @Public()
  @AuthThrottled()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; a reused token revokes the session' })
  @ApiOkResponse({ type: TokenPair })
  @ApiProblems(401)
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this sign-in session: its refresh tokens and queue-dashboard cookie stop working' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.logout(user.sessionId);
    // The server refuses the cookie from now on anyway (its session is revoked); this deletes it.
    void reply.header('set-cookie', queueDashboardCookie(null, this.config.get('PUBLIC_URL', { infer: true })));
  }

  @Get('me')
  @ApiOperation({ summary: 'Who you are: name, e-mail, role, city, languages and time zone' })
  @ApiOkResponse({ type: UserView })
  async me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return toUserView(await this.users.get(user.id));
  }
}
