/**
 * The builder panel's words (the SDK's builder tool says its statuses with them too): English
 * in builder.js, Japanese in a chunk of its own fetched only when the browser's languages pick
 * it (`strings-ja.ts`). One object whose words are replaced in place, so every component reads
 * `t.key`. Content values (placements, operators, CSS) stay as the content spells them.
 */
export const en = {
  lang: 'en',
  panel: 'Touchpoint builder',
  move: 'Move the builder panel',
  moveHelp: 'Drag, or use the arrow keys',
  close: 'Close builder',
  whatToEdit: 'What to edit',
  tours: 'Tours',
  messages: 'Messages',
  tour: 'Tour',
  noTours: 'No tours yet',
  newTour: 'New tour',
  noTourHelp: 'No tour yet: start one with a step, or pick the element it points at.',
  addStep: 'Add step',
  pickElement: 'Pick an element',
  message: 'Message',
  noMessages: 'No messages yet',
  newMessage: 'New message',
  newKind: 'New {kind}',
  messageKinds: { modal: 'modal', banner: 'banner', slideout: 'slideout', tooltip: 'tooltip', hotspot: 'hotspot' } as Record<string, string>,
  saveDraft: 'Save draft',
  preview: 'Preview',
  why: "Why doesn't it show?",
  unsaved: 'Unsaved changes',
  loadTheirs: 'Load their version',
  replaceMine: 'Replace it with mine',
  draftNeeds: 'What the draft needs',
  // The target and its fallbacks
  warnings: {
    invalid: 'This is not a valid CSS selector.',
    'no-match': 'Nothing on this page matches it.',
    'not-unique': 'It matches more than one element: the step points at the first.',
    'other-element': 'Its first match is not the element you picked.',
    'locale-text': 'It reads text shown to users: it breaks in another language.',
    position: 'It depends on the position among siblings: a new item before it breaks it.',
  } as Record<string, string>,
  matchesOne: 'Matches 1 element',
  matchesN: 'Matches {n} elements',
  unique: ' (unique)',
  target: 'Target (CSS selector)',
  targetPlaceholder: 'none: a centred step',
  pickHint: 'Click the element in the page (or use the arrow keys and Enter); Esc cancels.',
  fallbacks: 'Fallback selectors, tried in order when the target is not found',
  fallbackN: 'Fallback {n}',
  pickForFallback: 'Pick an element for fallback {n}',
  moveFallbackUp: 'Move fallback {n} up',
  moveFallbackDown: 'Move fallback {n} down',
  removeFallback: 'Remove fallback {n}',
  addFallback: 'Add fallback',
  pickFallback: 'Pick a fallback',
  // Copy and experiments
  title: 'Title',
  body: 'Body (Markdown: **bold**, *italic*, [links](https://…), lists)',
  bodyRendered: 'The body as users see it',
  testCopy: 'Test another copy (A/B)',
  experiment: 'Copy experiment “{id}”',
  variantToEdit: 'Variant to edit and preview',
  ownCopy: 'Own copy',
  variantX: 'Variant {id}',
  addVariant: 'Add variant',
  weightOf: 'Weight of {id}',
  removeVariant: 'Remove variant {id}',
  control: 'Control (% who see nothing)',
  goal: 'Goal event',
  removeExperiment: 'Remove the experiment',
  // Tours
  tourName: 'Tour name',
  steps: 'Steps',
  moveStepUp: 'Move step {n} up',
  moveStepDown: 'Move step {n} down',
  deleteStep: 'Delete step {n}',
  stepN: 'Step {n}',
  kind: 'Kind',
  stepKinds: { popover: 'Popover (tour step)', tooltip: 'Tooltip', hotspot: 'Hotspot', centred: 'Centred (no target)' } as Record<string, string>,
  placement: 'Placement',
  movesOn: 'Moves on with',
  advances: { button: 'Next button', click: 'Click on the target', event: 'An event', url: 'The URL matches' } as Record<string, string>,
  eventName: 'Event name',
  urlPattern: 'URL pattern',
  stepPage: 'Page of this step (URL pattern)',
  deleteTour: 'Delete this tour',
  // Messages
  name: 'Name',
  position: 'Position',
  buttonLabel: 'Button label',
  theButton: 'The button',
  ctaModes: { dismiss: 'Closes the message', url: 'Opens a URL', flow: 'Starts a tour', event: 'Tracks an event' } as Record<string, string>,
  ctaValue: 'URL, tour id or event',
  deleteMessage: 'Delete this message',
  // Audience, trigger, repeat
  audience: 'Audience',
  everyone: 'Everyone',
  segmentX: 'Segment: {name}',
  traitUsers: 'Users whose trait…',
  otherCondition: 'A condition (edit in the dashboard)',
  trait: 'Trait',
  comparedBy: 'Compared by',
  value: 'Value',
  startsOn: 'Starts on',
  triggers: { page: 'page', event: 'event', click: 'click', delay: 'delay', manual: 'manual' } as Record<string, string>,
  clickedElement: 'Clicked element (CSS selector)',
  afterSeconds: 'After seconds',
  shows: 'Shows',
  repeats: { once: 'Once', 'until-completed': 'Until completed', always: 'Every time', every: 'Again after days' } as Record<string, string>,
  days: 'Days',
  // Statuses (said by the SDK's builder tool)
  targetMissing: 'The target is not on this page: pick it again, or open the page where it is.',
  saving: 'Saving…',
  saved: 'Draft saved',
  conflict: 'Someone else saved the draft since you opened it.',
  notSaved: 'Not saved: {why}',
  loadedDraft: 'Loaded the saved draft',
  notLoaded: 'Could not load the draft: {why}',
  previewOpened: 'Preview opened in a new tab',
  debugOpened: 'Preview with the debugger opened in a new tab',
  noPreview: 'No preview: {why}',
};

/** Every word of the panel: each language gives all of them (a missing one is a type error). */
export type BuilderStrings = typeof en;

/** The panel's words now (English until Japanese is picked and loaded). */
export const t: BuilderStrings = { ...en };

/** The panel's language from the browser's (`navigator.languages`): the first we speak, English otherwise. */
export function builderLocale(languages: readonly string[]): 'en' | 'ja' {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'ja') return base;
  }
  return 'en';
}

/** Speaks `locale`, fetching the Japanese words the first time; resolves to the language spoken (English when they cannot load). */
export async function speak(locale: 'en' | 'ja'): Promise<'en' | 'ja'> {
  if (locale === 'en') return Object.assign(t, en).lang as 'en';
  try {
    Object.assign(t, (await import('./strings-ja.js')).ja);
    return 'ja';
  } catch {
    return 'en';
  }
}

/** Fills `{name}` placeholders. Text in, text out: rendered as text, never HTML. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
