/**
 * Type tests, run by `pnpm typecheck`: the hand-written types of document.ts are exactly what
 * the schema accepts and returns, part by part, so neither can change without the other. A
 * line fails to compile naming the part that drifted.
 */
import type { z } from 'zod';
import type { ADVANCE_MODES, TRIGGER_KINDS } from './document-enums.js';
import type {
  Action,
  Advance,
  Article,
  Checklist,
  ChecklistItem,
  Condition,
  ContentDocument,
  Cta,
  Experiment,
  Feature,
  Flow,
  FlowExperiment,
  HealthSettings,
  Message,
  MessageContent,
  Resources,
  Segment,
  Settings,
  Step,
  StepCopy,
  Survey,
  Theme,
  Trigger,
  TriggerKind,
} from './document.js';
import type { conditionForms, contentDocumentSchema } from './document-schema.js';

/** True when A and B are the same type (TypeScript's own identity, not mutual assignability). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** The keys of every member of a union (`keyof` of a union gives only the shared ones). */
type KeysOf<T> = T extends unknown ? keyof T : never;

type In = z.input<typeof contentDocumentSchema>;
type Out = z.output<typeof contentDocumentSchema>;
type Item<T> = NonNullable<T> extends ReadonlyArray<infer U> ? U : never;
type FlowOut = Item<Out['flows']>;
type MessageOut = Item<Out['messages']>;
type ChecklistOut = Item<Out['checklists']>;
type ExperimentOut = NonNullable<MessageOut['experiment']>;
type FlowExperimentOut = NonNullable<FlowOut['experiment']>;

export type DocumentTypeTests = [
  // Validation changes nothing's type: what users write is what the runtime reads.
  Expect<Equal<In, Out>>,
  // Segments: the schema checks the id and name, then the rest as a condition (validateContent).
  Expect<Equal<Omit<ContentDocument, 'segments'>, Omit<Out, 'segments'>>>,
  Expect<Equal<Pick<Segment, 'id' | 'name'>, Pick<Item<Out['segments']>, 'id' | 'name'>>>,
  Expect<Equal<Condition, z.output<ReturnType<typeof conditionForms>>>>,
  Expect<Equal<Settings, NonNullable<Out['settings']>>>,
  Expect<Equal<Theme, NonNullable<NonNullable<Out['settings']>['theme']>>>,
  Expect<Equal<Feature, Item<Out['features']>>>,
  Expect<Equal<Flow, FlowOut>>,
  Expect<Equal<Step, Item<FlowOut['steps']>>>,
  Expect<Equal<Advance, NonNullable<Item<FlowOut['steps']>['advance']>>>,
  Expect<Equal<Trigger, NonNullable<FlowOut['trigger']>>>,
  Expect<Equal<FlowExperiment, FlowExperimentOut>>,
  Expect<Equal<StepCopy, NonNullable<Item<FlowExperimentOut['variants']>['steps']>[string]>>,
  Expect<Equal<Message, MessageOut>>,
  Expect<Equal<Experiment, ExperimentOut>>,
  Expect<Equal<MessageContent, Item<ExperimentOut['variants']>['content']>>,
  Expect<Equal<Cta, NonNullable<MessageOut['cta']>>>,
  Expect<Equal<Action, NonNullable<Item<ChecklistOut['items']>['action']>>>,
  Expect<Equal<Checklist, ChecklistOut>>,
  Expect<Equal<ChecklistItem, Item<ChecklistOut['items']>>>,
  Expect<Equal<Resources, NonNullable<Out['resources']>>>,
  Expect<Equal<Article, Item<NonNullable<Out['resources']>['articles']>>>,
  Expect<Equal<Survey, Item<Out['surveys']>>>,
  Expect<Equal<HealthSettings, NonNullable<Out['health']>>>,
  // The constants without a schema of their own: a trigger's `on`, a step's ways to advance.
  Expect<Equal<TriggerKind, (typeof TRIGGER_KINDS)[number]>>,
  Expect<Equal<(typeof ADVANCE_MODES)[number], Extract<Advance, string> | KeysOf<Exclude<Advance, string>>>>,
];
