export { EVENTS, type EventName } from './events.js';
export { formatJsonPath } from './json-path.js';
export { MAX_ID_LENGTH, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES } from './limits.js';
export type {
  BatchBody,
  GroupMessage,
  IdentifyMessage,
  JsonObject,
  Message,
  MessageType,
  PageMessage,
  TrackMessage,
} from './message.js';
export { validateMessage, type MessageIssue, type MessageValidation } from './message-schema.js';
