/**
 * Selectors come from a document that may reach the browser broken (hand-edited, an older
 * collector): these two never let a bad one throw into the page.
 */

/** The first of `selectors` a browser would throw on, or undefined when all are valid. */
export function invalidSelector(doc: Document, selectors: Iterable<string>): string | undefined {
  const fragment = doc.createDocumentFragment();
  for (const selector of selectors) {
    try {
      fragment.querySelector(selector);
    } catch {
      return selector;
    }
  }
  return undefined;
}

/** `element.matches(selector)`, false instead of an exception. */
export function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}
