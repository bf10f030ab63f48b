import { Component, createRef, h } from 'preact';
import type { SurveyActions, SurveyView } from './view.js';
import { fill, type WidgetStrings } from './widget-strings.js';

interface Props {
  view: SurveyView;
  actions: SurveyActions;
  strings: WidgetStrings;
}

interface State {
  score?: number;
  picked: string[];
  text: string;
  sent: boolean;
}

/** How long the thank-you stays before the survey goes away. */
const THANKS_MS = 2500;
const MAX_TEXT = 1000;

/**
 * An NPS (0–10, then an optional comment), rating (1–5), choice (one or several) or text
 * survey. Native radio buttons and checkboxes in a fieldset whose legend is the question:
 * arrow keys, Tab and screen readers work as on any form. Nothing is sent until Submit.
 * Enter on a score picks it and moves on to the comment, as a click on it offers the
 * comment (it does not submit the form). Non-modal: it does not take focus; a live region
 * announces it. Once sent or closed, focus goes back to where the user entered it from.
 */
export class Survey extends Component<Props, State> {
  override state: State = { picked: [], text: '', sent: false };
  private timer?: ReturnType<typeof setTimeout>;
  private comment = createRef<HTMLTextAreaElement>();
  /** What had focus before the user entered the survey (by Tab or click): focus goes back there. */
  private from?: HTMLElement;

  private onFocusIn = (event: FocusEvent) => {
    const from = event.relatedTarget as HTMLElement | null;
    if (from && !(event.currentTarget as Node).contains(from)) this.from = from;
  };

  // Before the focused control goes away (the form, or the whole survey): else focus falls to <body>.
  private back() {
    this.from?.focus({ preventScroll: true });
  }

  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  private submit = (event: Event) => {
    event.preventDefault();
    const { view, actions } = this.props;
    const { score, picked, text } = this.state;
    const comment = text.trim().slice(0, MAX_TEXT);
    if (view.kind === 'nps' || view.kind === 'rating') actions.answer({ score, ...(comment && { comment }) });
    else if (view.kind === 'choice') actions.answer({ answer: view.multiple ? picked : picked[0] });
    else actions.answer({ answer: comment });
    this.back();
    this.setState({ sent: true });
    this.timer = setTimeout(actions.done, THANKS_MS);
  };

  private scale(from: number, to: number, label: (n: number) => string) {
    // (Not Array.from with a map function: MooTools, still on some pages, replaces it with one that ignores it.)
    return [...Array(to - from + 1).keys()].map((i) => {
      const n = from + i;
      return (
        <label key={n} class="pick">
          <input
            type="radio"
            name="tp-score"
            value={n}
            checked={this.state.score === n}
            onChange={() => this.setState({ score: n })}
            // Enter would submit the form (implicit submission) before the comment is offered.
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), this.setState({ score: n }, () => this.comment.current?.focus()))}
          />
          <span aria-hidden="true">{label(n)}</span>
          <span class="sr-only">{n}</span>
        </label>
      );
    });
  }

  override render({ view, actions, strings }: Props, { score, picked, text, sent }: State) {
    const ready = view.kind === 'choice' ? picked.length > 0 : view.kind === 'text' ? text.trim().length > 0 : score !== undefined;
    const ends = (
      <div class="ends" aria-hidden="true">
        <span>{strings.notLikely}</span>
        <span>{strings.veryLikely}</span>
      </div>
    );
    return (
      <section class="survey" aria-label={strings.survey} onFocusIn={this.onFocusIn}>
        <button
          type="button"
          class="close"
          aria-label={strings.close}
          onClick={() => {
            this.back();
            actions.dismiss();
          }}
        >
          ×
        </button>
        {sent ? (
          <p class="thanks" role="status">
            {strings.thanks}
          </p>
        ) : (
          <form onSubmit={this.submit}>
            <fieldset>
              <legend class="title" id="tp-s-q">
                {view.question}
              </legend>
              {view.kind === 'nps' && (
                <div>
                  <div class="scale nps" aria-describedby="tp-s-ends">
                    {this.scale(0, 10, String)}
                  </div>
                  {ends}
                  <p class="sr-only" id="tp-s-ends">{`0: ${strings.notLikely}, 10: ${strings.veryLikely}`}</p>
                </div>
              )}
              {view.kind === 'rating' && <div class="scale stars">{this.scale(1, 5, (n) => (score !== undefined && n <= score ? '★' : '☆'))}</div>}
              {view.kind === 'rating' && score !== undefined && <p class="muted">{fill(strings.outOf, { n: score, total: 5 })}</p>}
              {view.kind === 'choice' &&
                (view.choices ?? []).map((choice) => (
                  <label key={choice} class="choice">
                    <input
                      type={view.multiple ? 'checkbox' : 'radio'}
                      name="tp-choice"
                      checked={picked.includes(choice)}
                      onChange={(e) =>
                        this.setState({
                          picked: view.multiple
                            ? (e.currentTarget as HTMLInputElement).checked
                              ? [...picked, choice]
                              : picked.filter((p) => p !== choice)
                            : [choice],
                        })
                      }
                    />
                    {choice}
                  </label>
                ))}
            </fieldset>
            {(view.kind === 'text' || ((view.kind === 'nps' || view.kind === 'rating') && score !== undefined)) && (
              <textarea
                ref={this.comment}
                class="text"
                rows={3}
                maxLength={MAX_TEXT}
                value={text}
                aria-label={view.kind === 'text' ? view.question : strings.comment}
                placeholder={view.kind === 'text' ? '' : strings.comment}
                onInput={(e) => this.setState({ text: (e.currentTarget as HTMLTextAreaElement).value })}
              />
            )}
            <button type="submit" class="button primary" disabled={!ready}>
              {strings.submit}
            </button>
          </form>
        )}
        <p class="sr-only" aria-live="polite">
          {sent ? '' : view.question}
        </p>
      </section>
    );
  }
}
