/**
 * The debugger's CSS, inside its own shadow root only. Colours are fixed (not the content's
 * theme): a tool for the vendor's team, readable on any app. No motion at all, so nothing
 * to reduce.
 */
export const DEBUG_CSS = `
:host { all: initial; }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; box-sizing: border-box; width: min(400px, calc(100vw - 32px));
  max-height: calc(100vh - 32px); display: flex; flex-direction: column; background: #fff; color: #111827; border: 1px solid #6b7280;
  border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.2); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
.panel.left { right: auto; left: 16px; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 8px 10px; border-bottom: 1px solid #d1d5db; }
h2 { flex: 1 1 auto; margin: 0; font-size: 14px; }
h3 { margin: 12px 0 4px; font-size: 13px; }
button { font: inherit; color: #111827; background: #f3f4f6; border: 1px solid #6b7280; border-radius: 6px; padding: 3px 8px; cursor: pointer; }
button:hover { background: #e5e7eb; }
button:focus-visible, .body:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
.status { margin: 0; padding: 0 10px; color: #374151; min-height: 0; }
.status:empty { display: none; }
.body { overflow: auto; padding: 0 10px 10px; }
.body[hidden] { display: none; }
ul, ol { margin: 0; padding-left: 18px; }
li { margin: 3px 0; }
.item { list-style: none; margin-left: -18px; padding: 6px 0; border-top: 1px solid #e5e7eb; }
.kind { color: #374151; }
.yes { color: #065f46; font-weight: 600; }
.no { color: #991b1b; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
dt { color: #374151; }
dd { margin: 0; word-break: break-word; }
.empty { color: #374151; margin: 0; }
`;
