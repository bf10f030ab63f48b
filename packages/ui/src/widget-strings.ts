/** The built-in strings of the checklist, resource center and survey widgets (their chunks carry them). */
export interface WidgetStrings {
  /** "{n} of {total} done" */
  progress: string;
  allDone: string;
  done: string;
  dismissChecklist: string;
  help: string;
  search: string;
  /** "No articles match “{q}”" */
  noResults: string;
  /** "1 article found", "{n} articles found": what the search status says */
  foundOne: string;
  found: string;
  back: string;
  contact: string;
  external: string;
  close: string;
  notLikely: string;
  veryLikely: string;
  /** "{n} out of {total}" (rating stars) */
  outOf: string;
  comment: string;
  submit: string;
  thanks: string;
  survey: string;
}

const STRINGS: Record<string, WidgetStrings> = {
  en: {
    progress: '{n} of {total} done',
    allDone: 'All done!',
    done: 'Done',
    dismissChecklist: 'Dismiss checklist',
    help: 'Help',
    search: 'Search help articles',
    noResults: 'No articles match “{q}”',
    foundOne: '1 article found',
    found: '{n} articles found',
    back: 'Back',
    contact: 'Contact us',
    external: 'opens in a new tab',
    close: 'Close',
    notLikely: 'Not likely',
    veryLikely: 'Very likely',
    outOf: '{n} out of {total}',
    comment: 'Tell us more (optional)',
    submit: 'Submit',
    thanks: 'Thank you for your feedback!',
    survey: 'Survey',
  },
  ja: {
    progress: '{n} / {total} 完了',
    allDone: 'すべて完了しました',
    done: '完了',
    dismissChecklist: 'チェックリストを閉じる',
    help: 'ヘルプ',
    search: 'ヘルプ記事を検索',
    noResults: '「{q}」に一致する記事はありません',
    foundOne: '1 件の記事が見つかりました',
    found: '{n} 件の記事が見つかりました',
    back: '戻る',
    contact: 'お問い合わせ',
    external: '新しいタブで開きます',
    close: '閉じる',
    notLikely: '可能性は低い',
    veryLikely: '可能性は高い',
    outOf: '{total} 中 {n}',
    comment: 'ご意見をお聞かせください（任意）',
    submit: '送信',
    thanks: 'ご回答ありがとうございました',
    survey: 'アンケート',
  },
};

export function widgetStrings(locale: string): WidgetStrings {
  return STRINGS[locale] ?? STRINGS[locale.toLowerCase().split('-')[0]!] ?? STRINGS.en!;
}

/** Fills `{n}`, `{total}` and `{q}`. */
export const fill = (template: string, values: { n?: number; total?: number; q?: string }): string =>
  template.replace(/\{(n|total|q)\}/g, (_, k: 'n' | 'total' | 'q') => String(values[k] ?? ''));
