export { createTouchpoint, type LifecycleHandler, type Touchpoint, type TouchpointOptions } from './runtime.js';
export type { EnvironmentInfo, PageInfo, Platform } from './platform.js';
export { VERSION } from './version.js';
