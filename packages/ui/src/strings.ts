/** Built-in UI strings. Content strings come localized from the SDK; these are the UI's own. */
export interface UIStrings {
  next: string;
  back: string;
  done: string;
  close: string;
  gotIt: string;
  /** "{n} of {total}" */
  progress: string;
  /** Announced on each step: "Step {n} of {total}" */
  step: string;
  /** Label of a hotspot's beacon: "Open hint" */
  openHint: string;
  /** Name of a message without a title. */
  message: string;
}

const STRINGS: Record<string, UIStrings> = {
  en: {
    next: 'Next',
    back: 'Back',
    done: 'Done',
    close: 'Close',
    gotIt: 'Got it',
    progress: '{n} of {total}',
    step: 'Step {n} of {total}',
    openHint: 'Open hint',
    message: 'Message',
  },
  ja: {
    next: '次へ',
    back: '戻る',
    done: '完了',
    close: '閉じる',
    gotIt: 'OK',
    progress: '{n} / {total}',
    step: 'ステップ {n} / {total}',
    openHint: 'ヒントを開く',
    message: 'お知らせ',
  },
};

/** The strings for `locale` (`ja-JP` → `ja`), English when the language has none. */
export function stringsFor(locale: string): UIStrings {
  return STRINGS[locale] ?? STRINGS[locale.toLowerCase().split('-')[0]!] ?? STRINGS.en!;
}

/** Fills `{n}` and `{total}`. */
export function format(template: string, n: number, total: number): string {
  return template.replace('{n}', String(n)).replace('{total}', String(total));
}
