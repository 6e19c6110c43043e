export { CalendarEvent } from './calendar-event.entity';
export { CalendarFeedToken } from './calendar-feed-token.entity';
export * from './dto/events.dto';
export * from './events.module';
export * from './events.seeder';
export * from './events.service';
export { Rsvp } from './rsvp.entity';
export * from './events.feed';
export { FEED_TOKEN_SECURITY } from './calendar-feed.controller';
