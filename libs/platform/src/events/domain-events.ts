import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

/**
 * Every in-process domain event and its payload. Each context declares its own events beside
 * their names, by declaration merging (`declare module '@agora/platform' { interface
 * DomainEvents { ... } }`), since platform cannot import the contexts above it. A misspelt name
 * or a wrong payload, at either end, does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type DomainEventName = keyof DomainEvents;

/** Publishes domain events, after the commit of what they tell (a listener never hears of a rollback). */
@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<E extends DomainEventName>(name: E, payload: DomainEvents[E]): void {
    this.emitter.emit(name, payload);
  }
}

/** `@OnEvent`, held to the event's payload. */
export function OnDomainEvent<E extends DomainEventName>(name: E) {
  return <M extends (payload: DomainEvents[E]) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    OnEvent(name)(target, key, descriptor);
  };
}
