import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthThrottled, AuthUser, CurrentUser, Public } from '@agora/platform';
import { LoginDto, RefreshDto, SessionView, TokenPair, UserView } from './dto/identity.dto';
import { SessionsService } from './sessions.service';
import { toUserView, UsersService } from './users.service';

@ApiTags('identity')
@Controller()
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Post('auth/login')
  @Public()
  @AuthThrottled()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'wrong e-mail or password' })
  login(@Body() dto: LoginDto): Promise<SessionView> {
    return this.sessions.login(dto.email, dto.password);
  }

  @Post('auth/refresh')
  @Public()
  @AuthThrottled()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; a reused token revokes the session' })
  @ApiOkResponse({ type: TokenPair })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Post('auth/logout')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this sign-in session: its refresh tokens stop working' })
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.sessions.logout(user.sessionId);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserView })
  async me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return toUserView(await this.users.get(user.id));
  }
}
