/**
 * The team chunk: the owners' pages (members, audit log, keys and environments), promotion,
 * the invitation page and choosing a password, loaded when one of them opens. Its Japanese
 * words are a further chunk (strings.ts).
 */
export { AuditPage } from './AuditPage.js';
export { InvitePage } from './InvitePage.js';
export { ChoosePassword } from './NewPassword.js';
export { PromotePage } from './PromotePage.js';
export { SettingsPage } from './SettingsPage.js';
export { TeamPage } from './TeamPage.js';
