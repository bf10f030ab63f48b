import MiniSearch from 'minisearch';

/** An article as searched: localized strings, the body as plain text. */
export interface SearchableArticle {
  id: string;
  title: string;
  body: string;
  tags?: readonly string[];
}

export interface ArticleSearch {
  /** Article ids, best first: every query word must match (else any may), typos and prefixes allowed. */
  search(query: string, limit?: number): string[];
}

/** Typos allowed per word: none under 4 letters, one under 6, two from 6 ("fitler" finds "filter"). */
const typos = (term: string): number | false => (term.length < 4 ? false : term.length < 6 ? 1 : 2);

/**
 * The resource center's search, on MiniSearch: an inverted index over title, tags and body
 * with BM25 ranking; title words weigh 3, tags 2, body 1; the last word also matches as a
 * prefix (results while typing); exact matches outrank fuzzy ones. Built once per content.
 */
export function createArticleSearch(articles: readonly SearchableArticle[]): ArticleSearch {
  const index = new MiniSearch<SearchableArticle>({
    fields: ['title', 'tags', 'body'],
    extractField: (doc, field) => (field === 'tags' ? (doc.tags ?? []).join(' ') : (doc[field as keyof SearchableArticle] as string)),
    searchOptions: { boost: { title: 3, tags: 2 }, fuzzy: typos, weights: { fuzzy: 0.4, prefix: 0.6 } },
  });
  index.addAll(articles);
  return {
    search(query, limit = 20) {
      const q = query.trim().slice(0, 200);
      if (!q) return [];
      // Only the word being typed (the last) matches as a prefix.
      const prefix = (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length > 1;
      let hits = index.search(q, { combineWith: 'AND', prefix });
      if (!hits.length) hits = index.search(q, { combineWith: 'OR', prefix });
      return hits.slice(0, limit).map((h) => String(h.id));
    },
  };
}
