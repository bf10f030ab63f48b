export { EVENTS, type EventName } from './events.js';
export { featureUses, isFeatureUse, type FeatureUse } from './feature-use.js';
export { profileHorizons } from './profile-horizon.js';
export { HISTORY, LIFECYCLE, lifecycleOf, type LifecycleMeaning, type LifecycleRow } from './lifecycle.js';
export { formatJsonPath } from './json-path.js';
export { parseTime } from './calendar-day.js';
export {
  EARLIEST_TIMESTAMP,
  MAX_ARRAY_LENGTH,
  MAX_BATCH_MESSAGES,
  MAX_DROPPED_PER_REQUEST,
  MAX_FUTURE_MS,
  MAX_ID_LENGTH,
  MAX_JSON_DEPTH,
  MAX_MESSAGE_BYTES,
  MAX_OBJECT_KEYS,
  MAX_REQUEST_BYTES,
  PROFILE_DAYS,
} from './limits.js';
export { jsonBoundsIssue, MESSAGE_BOUNDS, type JsonBounds, type JsonBoundsIssue } from './json-bounds.js';
export type {
  BatchBody,
  GroupMessage,
  IdentifyMessage,
  JsonObject,
  Message,
  MessageType,
  PageMessage,
  TrackMessage,
  DropReason,
  Drops,
} from './message.js';
export { DROP_REASONS, dropTotal } from './message.js';
export { validateMessage, type MessageIssue, type MessageValidation } from './message-schema.js';
export {
  localize,
  targetSelectors,
  type Advance,
  type ContentDocument,
  type Flow,
  type Journey,
  type JourneyAction,
  type LocalizedText,
  type MessageKind,
  type MessagePosition,
  type Placement,
  type Repeat,
  type Settings,
  type Step,
  type StepKind,
  type SurveyKind,
  type Theme,
  type Trigger,
  type TriggerKind,
} from './document.js';
export {
  ADVANCE_MODES,
  CONSENT_MODES,
  FEATURE_EVENTS,
  MESSAGE_KINDS,
  MESSAGE_POSITIONS,
  NUMBER_OPERATORS,
  ON_MISSING,
  OPERATORS,
  PLACEMENTS,
  REPEAT_MODES,
  STEP_KINDS,
  SURVEY_KINDS,
  THEME_MODES,
  TRIGGER_KINDS,
} from './document-enums.js';
export { segmentsReached } from './content-references.js';
export { validateContent, type ContentIssue, type ContentValidation, type ContentValidationOptions } from './validate-content.js';
export { didYouMean } from './did-you-mean.js';
export { parseJson, type JsonParse, type JsonSyntaxError } from './json-syntax.js';
export { isPrivateAddress, webhookUrlProblem } from './network-address.js';
export { safeUrl } from './safe-url.js';
export { browserContent, CONTENT_FIELDS, type FieldAudience, type FieldTable } from './browser-content.js';
export { matchUrlGlob } from './url-glob.js';
export { ANONYMOUS_ID_KEY, pageLoadShows, type PageLoadShow } from './page-load.js';
export { contentKind, slotOf, SLOT_OF_KIND, type ContentKind, type Slot } from './slots.js';
export { blocksToPlainText, markdownToPlainText, parseMarkdown, type MarkdownBlock, type MarkdownInline } from './markdown.js';
export { contentDocumentSchema } from './document-schema.js';
export { contentJsonSchema } from './json-schema.js';
export type {
  Action,
  Article,
  Audience,
  Checklist,
  ChecklistItem,
  Condition,
  Cta,
  Experiment,
  Feature,
  FlowExperiment,
  StepCopy,
  HealthSettings,
  Message as ContentMessage,
  MessageContent,
  NumberComparison,
  Operator,
  Resources,
  Segment,
  Survey,
} from './document.js';
export { audienceFailure, matchesAudience, segmentsOf, windowStart, type Segments, type TargetingContext } from './targeting.js';
export { assignVariant, bucket, inHoldout, murmur3 } from './bucket.js';
export { inJourneyHoldout, journeyEntry, journeyGoal, type JourneyEntry, type JourneyMemory } from './journey-rules.js';
export { describeElement, describedAttribute, ELEMENT_PATH_LIMITS, type DescribableElement, type ElementDescriptor } from './element-path.js';
export { compileElementMatcher, readElementPath, type ElementPathMatcher } from './element-match.js';
export { diffContent, MAX_DIFF_FIELDS, type ContentChange } from './content-diff.js';
export type { StepHealth } from './step-health.js';
export { hasRole, PASSWORD_LENGTH, ROLES, type Role } from './roles.js';
