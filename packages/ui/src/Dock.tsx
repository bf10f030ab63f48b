import { Component, createRef, h, type ComponentType } from 'preact';
import type { ResourcesPanelProps } from './ResourcesPanel.js';
import type { ChecklistView, DockActions, DockView } from './view.js';
import { fill, type WidgetStrings } from './widget-strings.js';

interface Props {
  view: DockView;
  actions: DockActions;
  strings: WidgetStrings;
}

interface State {
  Resources?: ComponentType<ResourcesPanelProps>;
}

/**
 * The corner launchers (the checklist's, with a progress ring; the resource center's) and
 * the panel open from one of them. Panels are non-modal dialogs: focus moves in when one
 * opens, Esc or the close button shuts it and focus returns to its launcher.
 */
export class Dock extends Component<Props, State> {
  private launchers = { checklist: createRef<HTMLButtonElement>(), resources: createRef<HTMLButtonElement>() };
  private shown: DockView['open'] = null;

  override componentDidMount() {
    this.sync();
  }

  override componentDidUpdate() {
    this.sync();
  }

  private sync() {
    const open = this.props.view.open;
    if (open === 'resources' && !this.state.Resources) {
      void import('./resources.js').then((m) => {
        if (this.base) m.install(this.base as HTMLElement);
        this.setState({ Resources: m.ResourcesPanel });
      });
    }
    const was = this.shown;
    this.shown = open;
    if (was && !open) {
      // Closed: focus goes back to the launcher if it was in the panel (or nowhere).
      const root = this.launchers[was].current?.getRootNode() as ShadowRoot | undefined;
      if (!root?.activeElement || root.activeElement.closest('.panel')) this.launchers[was].current?.focus();
    }
  }

  private toggle = (panel: 'checklist' | 'resources') => this.props.actions.open(this.props.view.open === panel ? null : panel);

  private onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.props.view.open) {
      event.stopPropagation();
      this.props.actions.open(null);
    }
  };

  override render({ view, actions, strings }: Props, { Resources }: State) {
    const checklist = view.checklist;
    const done = checklist?.items.filter((i) => i.done).length ?? 0;
    const total = checklist?.items.length ?? 0;
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: Esc from anywhere inside the dock (its panel or launchers) closes the open panel
      <div class="dock" onKeyDown={this.onKeyDown}>
        {view.open === 'checklist' && checklist && (
          <ChecklistPanel
            checklist={checklist}
            actions={{
              ...actions,
              // The panel closes and its item goes: focus waits on the launcher first, so what the
              // item starts (a tour) gives it back there when it closes.
              runItem: (id) => {
                this.launchers.checklist.current?.focus();
                actions.runItem(id);
              },
            }}
            strings={strings}
            done={done}
          />
        )}
        {view.open === 'resources' && view.resources && Resources && (
          <Resources resources={view.resources} actions={actions} strings={strings} search={view.search} />
        )}
        <div class="launchers">
          {checklist && (
            <button
              ref={this.launchers.checklist}
              type="button"
              class="launcher"
              aria-expanded={view.open === 'checklist' ? 'true' : 'false'}
              aria-controls="tp-checklist"
              onClick={() => this.toggle('checklist')}
            >
              <svg class="ring" viewBox="0 0 36 36" aria-hidden="true">
                <circle cx="18" cy="18" r="15.5" pathLength={100} />
                <circle class="fill" cx="18" cy="18" r="15.5" pathLength={100} stroke-dasharray={`${total ? (done / total) * 100 : 0} 100`} />
              </svg>
              <span class="count" aria-hidden="true">
                {done === total ? '✓' : `${done}/${total}`}
              </span>
              <span class="sr-only">{`${checklist.title}: ${fill(strings.progress, { n: done, total })}`}</span>
            </button>
          )}
          {view.resources && (
            <button
              ref={this.launchers.resources}
              type="button"
              class="launcher"
              aria-label={strings.help}
              aria-expanded={view.open === 'resources' ? 'true' : 'false'}
              aria-controls="tp-resources"
              onClick={() => this.toggle('resources')}
            >
              <span aria-hidden="true">?</span>
            </button>
          )}
        </div>
      </div>
    );
  }
}

interface ChecklistProps {
  checklist: ChecklistView;
  actions: DockActions;
  strings: WidgetStrings;
  done: number;
}

class ChecklistPanel extends Component<ChecklistProps> {
  private panel = createRef<HTMLElement>();

  override componentDidMount() {
    this.panel.current!.focus({ preventScroll: true });
  }

  override render({ checklist, actions, strings, done }: ChecklistProps) {
    const total = checklist.items.length;
    const progress = fill(strings.progress, { n: done, total });
    return (
      <section ref={this.panel} id="tp-checklist" class="panel" role="dialog" aria-labelledby="tp-cl-title" tabIndex={-1}>
        <button type="button" class="close" aria-label={strings.close} onClick={() => actions.open(null)}>
          ×
        </button>
        <h2 class="title" id="tp-cl-title">
          {checklist.title}
        </h2>
        <progress max={total} value={done} aria-label={progress} />
        <p class="muted">{progress}</p>
        {done === total ? (
          <div class="complete">
            <p>{strings.allDone}</p>
            <button type="button" class="button" onClick={actions.dismissChecklist}>
              {strings.dismissChecklist}
            </button>
          </div>
        ) : (
          <ul class="items">
            {checklist.items.map((item) => {
              const inner = [
                <span key="m" class="mark" aria-hidden="true">
                  {item.done ? '✓' : ''}
                </span>,
                <span key="t" class="item-text">
                  <span class="item-title">{item.title}</span>
                  {item.done && <span class="sr-only">{` (${strings.done})`}</span>}
                  {item.description && <span class="muted">{item.description}</span>}
                </span>,
              ];
              return (
                <li key={item.id} class="item" data-done={item.done ? '' : undefined}>
                  {item.actionable && !item.done ? (
                    <button type="button" class="item-row" onClick={() => actions.runItem(item.id)}>
                      {inner}
                    </button>
                  ) : (
                    <div class="item-row">{inner}</div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    );
  }
}
