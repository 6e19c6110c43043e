import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { ActivityService } from './activity.service';
import { LiveGateway } from './live/live.gateway';
import { Mention } from './mention.entity';
import { Message } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { PeopleService } from './people.service';
import { ReadPosition } from './read-position.entity';
import { ThreadAccessService } from './thread-access.service';
import { Thread } from './thread.entity';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';
import { UnreadService } from './unread.service';

@Module({
  imports: [MikroOrmModule.forFeature([Thread, Message, Mention, ReadPosition]), IdentityModule, ForumsModule],
  providers: [ActivityService, ThreadAccessService, ThreadsService, MessagesService, UnreadService, PeopleService],
  exports: [ActivityService, ThreadAccessService, ThreadsService, MessagesService, UnreadService, PeopleService],
})
export class DiscussionsModule {}

/** The HTTP routes and the live gateway; the worker imports DiscussionsModule alone. */
@Module({
  imports: [DiscussionsModule, IdentityModule],
  controllers: [ThreadsController, MessagesController],
  providers: [LiveGateway],
})
export class DiscussionsHttpModule {}
