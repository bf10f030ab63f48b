/**
 * The builder's panel (CONTRACT §7), for the SDK's builder tool: loaded only by the vendor's
 * team (`#touchpoint-builder=TOKEN`), never by end users. It draws what the tool decides.
 */
export { mountBuilder, type BuilderSurface } from './builder/mount.js';
export type { BuilderActions, BuilderChange, BuilderSelection, BuilderView, SelectorStatus } from './builder/builder-view.js';
export { builderLocale, fmt, speak, t, type BuilderStrings } from './builder/strings.js';
