import type { InspectedItem, Inspection } from '../inspect.js';
import type { ToolContext } from '../tools.js';

/** One item of the content with `explain()`'s answer for this user now. */
export interface ExplainedItem extends InspectedItem {
  eligible: boolean;
  reasons: string[];
}

/** What the debugger shows, read at one moment. */
export interface DebugSnapshot {
  items: ExplainedItem[];
  /** Undefined when the content has nothing for the engine to run (then there is no user state to show either). */
  inspection?: Omit<Inspection, 'items' | 'resetContent'>;
}

/**
 * Reads the engine now: every item with the public `explain()`'s answer (so consent counts,
 * as it does for the host's own calls), the user, their segments and events.
 */
export async function readSnapshot(context: ToolContext): Promise<{ snapshot: DebugSnapshot; reset?: () => void }> {
  const engine = await context.engine();
  if (!engine) return { snapshot: { items: [] } };
  const { items, resetContent, ...inspection } = await engine.inspect();
  return {
    snapshot: { items: items.map((item) => ({ ...item, ...context.touchpoint.explain(item.id) })), inspection },
    reset: resetContent,
  };
}
