/**
 * The events the runtime sends (CONTRACT §4), named as the Segment spec names them.
 * The same names are the lifecycle events of `touchpoint.on()`.
 */
export const EVENTS = {
  featureUsed: 'Feature Used',
  /** Not in CONTRACT §4 (an extension): a click's element path, for retroactive features. */
  elementClicked: 'Element Clicked',
  flowStarted: 'Flow Started',
  /** Once the step is on screen: after the first frame that draws it. */
  flowStepViewed: 'Flow Step Viewed',
  flowCompleted: 'Flow Completed',
  flowDismissed: 'Flow Dismissed',
  flowTargetMissing: 'Flow Target Missing',
  messageShown: 'Message Shown',
  messageClicked: 'Message Clicked',
  messageDismissed: 'Message Dismissed',
  experimentViewed: 'Experiment Viewed',
  checklistItemCompleted: 'Checklist Item Completed',
  /** Not in CONTRACT §4 (an extension): the user put a checklist away. */
  checklistDismissed: 'Checklist Dismissed',
  resourceViewed: 'Resource Viewed',
  resourceSearched: 'Resource Searched',
  surveyShown: 'Survey Shown',
  surveyAnswered: 'Survey Answered',
  surveyDismissed: 'Survey Dismissed',
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];
