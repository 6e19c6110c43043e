import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { NetworkModule } from '@agora/network';
import { CalendarEvent } from './calendar-event.entity';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedToken } from './calendar-feed-token.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { Rsvp } from './rsvp.entity';
import { EventsFeed } from './events.feed';

@Module({
  imports: [MikroOrmModule.forFeature([CalendarEvent, Rsvp, CalendarFeedToken]), NetworkModule, IdentityModule, ForumsModule],
  providers: [EventsFeed, EventsService],
  exports: [EventsFeed, EventsService],
})
export class EventsModule {}

/** The HTTP side; the worker imports EventsModule alone, without routes. */
@Module({
  imports: [EventsModule],
  controllers: [EventsController, CalendarFeedController],
})
export class EventsHttpModule {}
