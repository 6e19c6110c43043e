import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { LiveGateway } from './live/live.gateway';
import { Mention } from './mention.entity';
import { Message } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { ReadPosition } from './read-position.entity';
import { ThreadAccessService } from './thread-access.service';
import { Thread } from './thread.entity';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';
import { UnreadService } from './unread.service';

@Module({
  imports: [MikroOrmModule.forFeature([Thread, Message, Mention, ReadPosition]), IdentityModule, ForumsModule],
  controllers: [ThreadsController, MessagesController],
  providers: [ThreadAccessService, ThreadsService, MessagesService, UnreadService, LiveGateway],
  exports: [ThreadAccessService, ThreadsService, MessagesService],
})
export class DiscussionsModule {}
