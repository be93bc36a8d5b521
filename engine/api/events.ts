import type { EventName, EventPayload } from '../../shared/contract/index.js';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** A tiny in-process event bus: the engine emits, each transport forwards to its UI. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to every subscriber. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(event, payload);
  }
}
