export { createUI, type TouchpointUI, type UIOptions } from './ui.js';
export type {
  ChecklistView,
  DockActions,
  DockView,
  MessageActions,
  MessageView,
  ResourcesView,
  StepActions,
  StepView,
  SurveyActions,
  SurveyAnswer,
  SurveyView,
} from './view.js';
