/**
 * The engine's outgoing events, held until the transition that caused them ends. The runtime
 * feeds every tracked event back to the engine as a happening; sent mid-transition, what it
 * triggers would see a half-done state (a slot not yet freed, a message still marked shown).
 */
export interface Transitions {
  /** Sends an event now, or once the running transition ends. */
  track(event: string, properties: Record<string, unknown>): void;
  /** Wraps `fn` as a transition: what it emits goes out, in order, once it and any it runs in end. */
  transition<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

/** @param send the runtime's `track`, which may call back into the engine. */
export function createTransitions(send: (event: string, properties: Record<string, unknown>) => void): Transitions {
  const held: [string, Record<string, unknown>][] = [];
  // How many transitions are running, one inside another: events go out when it is back to 0.
  let depth = 0;
  return {
    track: (event, properties) => void (depth ? held.push([event, properties]) : send(event, properties)),
    transition:
      (fn) =>
      (...args) => {
        depth++;
        try {
          fn(...args);
        } finally {
          // What these events trigger runs as transitions of its own, which send what is still held.
          if (!--depth) for (let e: (typeof held)[number] | undefined; (e = held.shift()); ) send(...e);
        }
      },
  };
}
