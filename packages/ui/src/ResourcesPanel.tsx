import { blocksToPlainText } from '@touchpoint/content';
import { createArticleSearch, type ArticleSearch } from '@touchpoint/content/search';
import { Component, createRef, h } from 'preact';
import { Markdown } from './Markdown.js';
import type { DockActions, DockView, ResourcesView } from './view.js';
import { fill, type WidgetStrings } from './widget-strings.js';

export interface ResourcesPanelProps {
  resources: ResourcesView;
  actions: DockActions;
  strings: WidgetStrings;
  search?: DockView['search'];
}

interface State {
  query: string;
  results: string[];
  article?: string;
}

/** How long typing must pause before a search is reported (`Resource Searched`). */
const SETTLE_MS = 1000;

/**
 * The resource center: instant search over the articles (typo tolerant, ranked; see
 * content/search.ts), an article view, links out and the contact entry. Searches are
 * reported once settled, those without results too (they tell the vendor what is missing).
 */
export class ResourcesPanel extends Component<ResourcesPanelProps, State> {
  private index?: { articles: ResourcesView['articles']; search: ArticleSearch };
  private input = createRef<HTMLInputElement>();
  private heading = createRef<HTMLHeadingElement>();
  private timer?: ReturnType<typeof setTimeout>;
  private reported = '';
  private searchKey?: number;
  private latest = { query: '', results: [] as string[] };

  override state: State = { query: '', results: [] };

  override componentDidMount() {
    this.applySearch();
    this.input.current?.focus({ preventScroll: true });
  }

  override componentDidUpdate(_: ResourcesPanelProps, previous: State) {
    this.applySearch();
    if (previous.article !== this.state.article) (this.state.article ? this.heading : this.input).current?.focus({ preventScroll: true });
  }

  override componentWillUnmount() {
    this.report();
  }

  /** A search asked for by `openResourceCenter(query)`. */
  private applySearch() {
    const s = this.props.search;
    if (!s || s.key === this.searchKey) return;
    this.searchKey = s.key;
    this.setState({ article: undefined });
    this.query(s.query);
    this.report();
  }

  private searchIndex(): ArticleSearch {
    const articles = this.props.resources.articles;
    if (this.index?.articles !== articles) {
      this.index = {
        articles,
        search: createArticleSearch(
          articles.map((a) => ({ id: a.id, title: a.title, tags: a.tags, body: blocksToPlainText(this.props.actions.markdown(a.body)) })),
        ),
      };
    }
    return this.index.search;
  }

  private query(query: string) {
    // Kept here too: a report right after (Enter, an API search) must see it before the render.
    this.latest = { query, results: this.searchIndex().search(query) };
    this.setState(this.latest);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report(), SETTLE_MS);
  }

  private report = () => {
    clearTimeout(this.timer);
    const q = this.latest.query.trim();
    if (!q || q === this.reported) return;
    this.reported = q;
    this.props.actions.searched(q, this.latest.results.length);
  };

  private open(id: string) {
    this.report();
    this.props.actions.viewed(id);
    this.setState({ article: id });
  }

  override render({ resources, actions, strings }: ResourcesPanelProps, { query, results, article }: State) {
    const byId = new Map(resources.articles.map((a) => [a.id, a]));
    const current = article ? byId.get(article) : undefined;
    const list = query.trim() ? results.map((id) => byId.get(id)!).filter(Boolean) : resources.articles.slice(0, 8);
    const contact = resources.contact && (
      <a class="contact" href={resources.contact.href} target="_blank" rel="noopener noreferrer">
        {resources.contact.label ?? strings.contact}
        <span class="sr-only">{` (${strings.external})`}</span>
      </a>
    );
    return (
      <section id="tp-resources" class="panel resources" role="dialog" aria-labelledby="tp-rc-title">
        <button type="button" class="close" aria-label={strings.close} onClick={() => actions.open(null)}>
          ×
        </button>
        {current ? (
          <article class="article">
            <button type="button" class="button back" onClick={() => this.setState({ article: undefined })}>
              ← {strings.back}
            </button>
            <h2 class="title" id="tp-rc-title" ref={this.heading} tabIndex={-1}>
              {current.title}
            </h2>
            {current.image && <img class="media" src={current.image} alt={current.imageAlt ?? ''} loading="lazy" />}
            {current.video && <video class="media" src={current.video} controls muted playsInline preload="metadata" />}
            <Markdown blocks={actions.markdown(current.body)} />
            {current.url && (
              <a href={current.url} target="_blank" rel="noopener noreferrer">
                {current.url.replace(/^https?:\/\//, '')}
                <span class="sr-only">{` (${strings.external})`}</span>
              </a>
            )}
          </article>
        ) : (
          <div>
            <h2 class="title" id="tp-rc-title">
              {strings.help}
            </h2>
            <input
              ref={this.input}
              type="search"
              class="search"
              value={query}
              placeholder={strings.search}
              aria-label={strings.search}
              aria-controls="tp-rc-results"
              maxLength={200}
              onInput={(e) => this.query((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Enter' && (this.report(), list[0] && this.open(list[0].id))}
              onBlur={this.report}
            />
            <p class="sr-only" role="status">
              {query.trim()
                ? list.length
                  ? fill(list.length === 1 ? strings.foundOne : strings.found, { n: list.length })
                  : fill(strings.noResults, { q: query.trim() })
                : ''}
            </p>
            {list.length ? (
              <ul class="results" id="tp-rc-results">
                {list.map((a) => (
                  <li key={a.id}>
                    <button type="button" class="result" onClick={() => this.open(a.id)}>
                      {a.title}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted" id="tp-rc-results">
                {fill(strings.noResults, { q: query.trim() })}
              </p>
            )}
          </div>
        )}
        {contact}
      </section>
    );
  }
}
