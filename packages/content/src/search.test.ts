import { describe, expect, it } from 'vitest';
import { createArticleSearch, type SearchableArticle } from './search.js';

const articles: SearchableArticle[] = [
  { id: 'filters', title: 'Filtering your todos', body: 'Use the filter bar to show only active or completed todos.', tags: ['filters', 'views'] },
  { id: 'export', title: 'Exporting reports', body: 'Download a CSV of any report. Filters apply to the export.', tags: ['reports', 'csv'] },
  { id: 'sso', title: 'Single sign-on with SAML', body: 'Admins connect Okta or Azure AD in Settings.', tags: ['security', 'admin'] },
  { id: 'shortcuts', title: 'Keyboard shortcuts', body: 'Press ? anywhere to see every shortcut.', tags: ['productivity'] },
  { id: 'billing', title: 'Invoices and billing', body: 'Change your plan or download invoices from Billing.', tags: ['plans'] },
];

describe('article search', () => {
  const search = createArticleSearch(articles);

  it('ranks a title match above a body-only match', () => {
    expect(search.search('filter')).toEqual(['filters', 'export']);
    expect(search.search('export')[0]).toBe('export');
  });

  it('tolerates typos and matches the word being typed as a prefix', () => {
    expect(search.search('fitler')[0]).toBe('filters');
    expect(search.search('invoces')).toEqual(['billing']);
    expect(search.search('shortc')).toEqual(['shortcuts']);
    expect(search.search('sam')).toEqual(['sso']);
  });

  it('searches tags, wants every word when it can, else any', () => {
    expect(search.search('csv')).toEqual(['export']);
    expect(search.search('okta admin')).toEqual(['sso']);
    expect(search.search('okta invoices')).toEqual(expect.arrayContaining(['sso', 'billing']));
  });

  it('finds nothing for nonsense, blank or short fuzzy noise', () => {
    expect(search.search('zzqx')).toEqual([]);
    expect(search.search('   ')).toEqual([]);
  });
});
