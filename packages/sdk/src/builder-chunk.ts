/**
 * The builder tool's chunk (`/sdk/<version>/builder.js` for the script tag; a lazily imported
 * chunk of the npm build). Loaded only when the page's URL carries `#touchpoint-builder=TOKEN`.
 */
export { openTool } from './builder/tool.js';
