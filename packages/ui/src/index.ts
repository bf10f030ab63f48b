export { createUI, type TouchpointUI, type UIOptions } from './ui.js';
export type { MessageActions, MessageView, StepActions, StepView } from './view.js';

