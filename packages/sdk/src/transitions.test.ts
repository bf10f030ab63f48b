import { describe, expect, it } from 'vitest';
import { createTransitions } from './transitions.js';

describe('the events a transition emits', () => {
  it('go out outside a transition at once, inside one once the outermost ends, in order, and what they cause after them', () => {
    const log: string[] = [];
    let state = 'open';
    const { track, transition } = createTransitions((event) => {
      log.push(`${event} (state ${state})`);
      // Fed back, as the runtime does: an event may run a transition of its own.
      if (event === 'Closed') react();
    });
    const react = transition(() => track('Reacted', {}));
    const inner = transition(() => track('Inner', {}));
    const close = transition(() => {
      track('Closed', {});
      inner();
      log.push('inner ended');
      state = 'closed';
    });

    track('Direct', {});
    expect(log).toEqual(['Direct (state open)']);
    close();
    expect(log).toEqual(['Direct (state open)', 'inner ended', 'Closed (state closed)', 'Inner (state closed)', 'Reacted (state closed)']);
  });

  it('sends what it holds even when the transition throws', () => {
    const log: string[] = [];
    const { track, transition } = createTransitions((event) => log.push(event));
    const broken = transition(() => {
      track('Started', {});
      throw new Error('boom');
    });
    expect(broken).toThrow('boom');
    expect(log).toEqual(['Started']);
  });
});
