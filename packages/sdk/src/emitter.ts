type Handler = (payload: Record<string, unknown>) => void;

export interface Emitter {
  on(name: string, handler: Handler): () => void;
  emit(name: string, payload: Record<string, unknown>): void;
}

/** The `on()` lifecycle events. A handler that throws never stops the others, nor the SDK. */
export function createEmitter(warn: (msg: string) => void): Emitter {
  const handlers = new Map<string, Set<Handler>>();
  return {
    on(name, handler) {
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler);
      return () => void set.delete(handler);
    },
    emit(name, payload) {
      handlers.get(name)?.forEach((handler) => {
        try {
          handler(payload);
        } catch (e) {
          warn(`an on("${name}") handler threw: ${String(e)}`);
        }
      });
    },
  };
}
