/** The shape of `GET /v1/reports/targets`' steps: written once, for the collector that answers and the dashboard that reads. */

/** One step whose target went missing in a report's range (`GET /v1/reports/targets`). */
export interface StepHealth {
  flow_id: string;
  flow_name?: string;
  step_id: string;
  step_index: number;
  /** The step's selectors (fallbacks in order), as published. */
  selectors: string[];
  viewed: number;
  missing: number;
  /** missing / (viewed + missing) over the range. */
  rate: number;
  /** Broken now: on the last day the step was seen (viewed or missed), the rule's day held (the collector's `brokenOn`). */
  broken: boolean;
  /** While broken: the first miss of the run of days it has been broken (ISO time). */
  since: string | null;
  /** The last miss in the range (ISO time). */
  lastMissing: string | null;
  /** The pages where it went missing, most misses first (at most 10). */
  pages: Array<{ url: string; missing: number; firstMissing: string; lastMissing: string }>;
}
