/**
 * The engine chunk: everything that decides and shows content (flows for now), loaded by
 * the runtime once there is content to run. The always-loaded runtime stays small: it
 * tracks, fetches the content, and hands both to this module.
 */
export { createFlowController } from './flows.js';
