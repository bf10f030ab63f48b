export { createUI, type TouchpointUI, type UIOptions } from './ui.js';
export type { StepActions, StepView } from './view.js';
