import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, AuthUser, CurrentUser, PageQuery } from '@agora/platform';
import { MembershipPage, MembershipView, WorkingGroupView } from './dto/forums.dto';
import { WorkingGroupsService } from './working-groups.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('forums')
@Controller('working-groups/:id')
export class WorkingGroupsController {
  constructor(private readonly groups: WorkingGroupsService) {}

  @Get()
  @ApiOperation({ summary: 'A working group with its leads and your membership (private ones only for members and the staff)' })
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
  @ApiOperation({ summary: 'Leave, or withdraw your join request; 409 for the last lead' })
  @ApiProblems(409)
  @ApiNoContentResponse()
  leave(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return this.groups.leave(user, id);
  }

  @Get('members')
  @ApiOperation({ summary: 'The active members, by name' })
  @ApiOkResponse({ type: MembershipPage })
  members(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.groups.members(user, id, query);
  }

  @Delete('members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member (the lead, the secretariat)' })
  @ApiProblems(403, 409)
  @ApiNoContentResponse()
  removeMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string) {
    return this.groups.removeMember(user, id, userId);
  }

  @Get('join-requests')
  @ApiOperation({ summary: 'Pending join requests (the lead, the secretariat)' })
  @ApiProblems(403)
  @ApiOkResponse({ type: MembershipPage })
  joinRequests(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.groups.joinRequests(user, id, query);
  }

  @Post('join-requests/:requestId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve a join request (the lead, the secretariat); 409 when it was answered already' })
  @ApiProblems(403, 409)
  @ApiOkResponse({ type: MembershipView })
  approve(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('requestId', uuid) requestId: string) {
    return this.groups.approve(user, id, requestId);
  }

  @Post('join-requests/:requestId/decline')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Decline a join request (the lead, the secretariat); 409 when it was answered already' })
  @ApiProblems(403, 409)
  @ApiNoContentResponse()
  decline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('requestId', uuid) requestId: string) {
    return this.groups.decline(user, id, requestId);
  }
}
