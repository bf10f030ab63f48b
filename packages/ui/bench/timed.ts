/**
 * Page code (a string for `page.evaluate`: tsx would wrap a function's inner names with a
 * helper that does not exist in the page) that runs `action`, then resolves with
 * `[ms, frame]`: the milliseconds until the page expression `shown` is true, and the frame that
 * first paints it (1: the first frame after the call). Frame callbacks run in the order they were
 * asked for: what the library places in one it asks for after the call is found a frame after
 * it is painted (the count is one too high for it; for a card placed by the call or in its
 * microtasks, as Touchpoint's is, it is exact).
 *
 * Checked at once, in a task queued behind the call, and in every animation frame's callbacks
 * from the call on, which run before that frame is painted. The browser paints only after a task
 * and its microtasks, so something placed synchronously and something placed in a microtask
 * reach the same frame; but Chromium may run that frame before the queued task (it did in 11 of
 * 12 starts looked at on 2026-11-29), so the task alone would count the second late.
 */
export const timed = (action: string, shown: string) =>
  `new Promise((resolve) => { let frames = 0; const t0 = performance.now(); ${action}; const done = () => (${shown}) && (resolve([performance.now() - t0, Math.max(frames, 1)]), true); const frame = () => { frames++; done() || requestAnimationFrame(frame); }; if (!done()) { requestAnimationFrame(frame); const c = new MessageChannel(); c.port1.onmessage = () => frames === 0 && done(); c.port2.postMessage(0); } })`;
