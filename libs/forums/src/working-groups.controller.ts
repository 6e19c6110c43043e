import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, PageQuery } from '@agora/platform';
import { MembershipPage, MembershipView, WorkingGroupView } from './dto/forums.dto';
import { WorkingGroupsService } from './working-groups.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('forums')
@ApiBearerAuth()
@Controller('working-groups/:id')
export class WorkingGroupsController {
  constructor(private readonly groups: WorkingGroupsService) {}

  @Get()
  @ApiOkResponse({ type: WorkingGroupView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.groups.view(user, id);
  }

  @Post('join')
  @ApiOperation({ summary: 'Join: 200 and a member at once (public group) or 202 and a pending request (private group)' })
  @ApiOkResponse({ type: MembershipView })
  @ApiAcceptedResponse({ type: MembershipView })
  async join(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.groups.join(user, id);
    void reply.status(result.pending ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return result.membership;
  }

  @Post('leave')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  leave(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.groups.leave(user, id);
  }

  @Get('members')
  @ApiOkResponse({ type: MembershipPage })
  members(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.groups.members(user, id, query);
  }

  @Delete('members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member (the lead, the secretariat)' })
  @ApiNoContentResponse()
  removeMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string) {
    return this.groups.removeMember(user, id, userId);
  }

  @Get('join-requests')
  @ApiOperation({ summary: 'Pending join requests (the lead, the secretariat)' })
  @ApiOkResponse({ type: MembershipPage })
  joinRequests(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.groups.joinRequests(user, id, query);
  }

  @Post('join-requests/:requestId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MembershipView })
  approve(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('requestId', uuid) requestId: string) {
    return this.groups.approve(user, id, requestId);
  }

  @Post('join-requests/:requestId/decline')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  decline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('requestId', uuid) requestId: string) {
    return this.groups.decline(user, id, requestId);
  }
}
