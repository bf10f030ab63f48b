import type { Platform } from './platform.js';
import { createTouchpoint as createRuntime, type Touchpoint, type TouchpointOptions } from './runtime.js';
import type { ToolModule, ToolName } from './tools.js';

/**
 * Creates the Touchpoint runtime (CONTRACT §3). The UI (`@touchpoint/ui`) is imported
 * lazily, the first time something must show: your bundler puts it in its own chunk,
 * and a page with nothing to show never loads it. The team's tools (CONTRACT §7) are chunks
 * too, loaded only when the page's URL asks for one.
 */
export function createTouchpoint(options: TouchpointOptions, platform?: Platform): Touchpoint {
  return createRuntime({ loadEngine: () => import('./engine.js'), loadUI: () => import('@touchpoint/ui'), loadTool, ...options }, platform);
}

/** The team's tools, each its own chunk: imported only in a tab whose URL asks for one (CONTRACT §7). */
const TOOLS: Partial<Record<ToolName, () => Promise<ToolModule>>> = {
  preview: () => import('./preview-tool.js'),
  builder: () => import('./builder-chunk.js'),
  debug: () => import('./debug/index.js'),
};

function loadTool(name: ToolName): Promise<ToolModule> {
  const load = TOOLS[name];
  return load ? load() : Promise.reject(new Error(`no ${name} tool in this build`));
}

export type { LifecycleHandler, Touchpoint, TouchpointOptions } from './runtime.js';
export type { EnvironmentInfo, PageInfo, Platform } from './platform.js';
export type { UIModule } from './flows.js';
export type { EngineModule } from './runtime.js';
export type { ToolContext, ToolModule, ToolName } from './tools.js';
export type { ContentSource, LoadedContent } from './content-source.js';
export type { InspectedItem, Inspection } from './inspect.js';
export { VERSION } from './version.js';
