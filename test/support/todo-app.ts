/**
 * A TodoMVC-style host app in plain JS, built the way real apps render: state in memory, a
 * `render()` that redraws the list from it, and a footer that exists only while the list has
 * items. `window.app` drives it from tests:
 *
 * - `add(text)`: adds a todo (rows go *above* the footer, which moves down), then tracks
 *   `Todo Added` as the app's own analytics would;
 * - `complete(i)`: ticks a todo: the footer grows a "Clear completed" row (the target resizes);
 * - `replaceNodes()`: from now on every render replaces the whole list and footer with new
 *   nodes, as a framework without keyed reconciliation does, and renders once;
 * - `notice(text)`: shows a notice bar at the top of the page, shifting everything below it.
 *
 * The footer slides open as it appears (from no height at all). The app is centred in a
 * 550 px column, so a narrower window moves it; a tall section below lets the page scroll.
 */
export const TODO_APP = `
<style>
  body { margin: 0; font: 16px/1.4 system-ui, sans-serif; background: #f5f5f5; }
  .todoapp { width: 550px; max-width: 100%; margin: 40px auto 0; background: #fff; box-shadow: 0 2px 6px #0002; }
  h1 { margin: 0; padding: 12px 16px; font-size: 32px; color: #b83f45; }
  form { display: flex; gap: 8px; padding: 8px 16px; }
  #new-todo { flex: 1; font: inherit; padding: 12px; }
  .todo-list { list-style: none; margin: 0; padding: 0; }
  .todo-list li { height: 63px; box-sizing: border-box; padding: 18px 16px; border-top: 1px solid #eee; }
  .todo-list li.done { text-decoration: line-through; color: #999; }
  /* The footer slides open when it appears (its first frame has no height), as app footers often do. */
  .footer { padding: 10px 16px; border-top: 1px solid #eee; color: #555; overflow: hidden; animation: open .2s ease-out; }
  @keyframes open { from { max-height: 0; padding-block: 0; border-top-width: 0; } to { max-height: 120px; } }
  .footer .clear { display: block; margin-top: 8px; }
  .notice { padding: 20px; background: #fff3cd; }
  .about { height: 1600px; padding: 16px; }
</style>
<div id="notices"></div>
<section class="todoapp">
  <h1>todos</h1>
  <form id="new"><input id="new-todo" aria-label="New todo" placeholder="What needs to be done?" autocomplete="off"><button id="add">Add</button></form>
  <div id="main"></div>
</section>
<section class="about"><p>About this app.</p></section>
<script>
  const todos = [];
  let replace = false;
  const main = document.getElementById('main');
  function footer() {
    const left = todos.filter((t) => !t.done).length;
    const f = document.createElement('footer');
    f.className = 'footer';
    f.innerHTML = '<span class="count"></span>';
    f.firstChild.textContent = left + (left === 1 ? ' item left' : ' items left');
    if (todos.some((t) => t.done)) {
      const b = document.createElement('button');
      b.className = 'clear';
      b.textContent = 'Clear completed';
      f.append(b);
    }
    return f;
  }
  function row(t) {
    const li = document.createElement('li');
    li.textContent = t.text;
    if (t.done) li.className = 'done';
    return li;
  }
  function render() {
    // Without keys every render starts from nothing: the list and footer are new nodes.
    if (replace || !todos.length) main.replaceChildren();
    if (!todos.length) return;
    let list = main.querySelector('.todo-list');
    if (!list) {
      list = document.createElement('ul');
      list.className = 'todo-list';
      main.append(list);
    }
    list.replaceChildren(...todos.map(row));
    // Keyed, as React does: the footer element stays and only its content is redrawn.
    const next = footer();
    const kept = main.querySelector('.footer');
    if (kept) kept.replaceChildren(...next.childNodes);
    else main.append(next);
  }
  window.app = {
    add(text) {
      todos.push({ text, done: false });
      render();
      window.touchpoint.track('Todo Added');
    },
    complete(i) {
      todos[i].done = true;
      render();
    },
    replaceNodes() {
      replace = true;
      render();
    },
    notice(text) {
      const n = document.createElement('div');
      n.className = 'notice';
      n.textContent = text;
      document.getElementById('notices').append(n);
    },
  };
  document.getElementById('new').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = document.getElementById('new-todo');
    if (input.value.trim()) app.add(input.value.trim());
    input.value = '';
  });
</script>`;
