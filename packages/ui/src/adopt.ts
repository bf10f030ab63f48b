/** Adds a chunk's stylesheet to the shadow root that holds `el`, once per root. */
export function adoptOnce(el: HTMLElement, css: string, installed: WeakSet<Node>): void {
  const root = el.getRootNode() as ShadowRoot;
  if (installed.has(root)) return;
  installed.add(root);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
