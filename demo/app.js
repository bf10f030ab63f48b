// A tiny single-page app: routes with the History API (so Touchpoint sends a page view on
// each navigation) and calls identify, group and track like a real SaaS app would.
const tp = window.touchpoint;
const $ = (selector) => document.querySelector(selector);
const tiers = { high: ['acme', 'Acme', 250000], low: ['globex', 'Globex', 12000], tech: ['initech', 'Initech', 900] };
// High-touch accounts have their own success manager: the resource center's contact entry uses it.
const managers = { high: 'maya@tasklane.example' };

function log(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('#log').prepend(item);
}

function route() {
  const reports = location.pathname.endsWith('/reports');
  $('#todos').hidden = reports;
  $('#reports').hidden = !reports;
  document.title = `Tasklane · ${reports ? 'Reports' : 'Todos'}`;
  for (const link of document.querySelectorAll('[data-route]')) {
    link.toggleAttribute('aria-current', link.dataset.route === (reports ? 'reports' : 'todos'));
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-route]');
  if (!link) return;
  event.preventDefault();
  history.pushState({}, '', link.href);
  route();
  log(`page ${location.pathname}`);
});
window.addEventListener('popstate', route);

$('#login').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const user = String(data.get('user') || 'ada');
  const [accountId, name, arr] = tiers[data.get('tier')];
  tp.identify(user, { role: 'admin', plan: data.get('tier') === 'high' ? 'enterprise' : 'free' });
  tp.group(accountId, { name, tier: data.get('tier'), arr, ...(managers[data.get('tier')] && { csm_email: managers[data.get('tier')] }) });
  log(`identify ${user}, group ${accountId}`);
});

$('#logout').addEventListener('click', () => {
  tp.reset();
  log('reset');
});

$('#add').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('#new-todo');
  const text = input.value.trim();
  if (!text) return;
  const item = document.createElement('li');
  item.textContent = text;
  $('#list').append(item);
  input.value = '';
  // The todo's text stays in the app: only its length is tracked.
  tp.track('Todo Added', { length: text.length });
  log('track Todo Added');
});

$('#tour').addEventListener('click', () => tp.startFlow('welcome'));
$('#help').addEventListener('click', () => tp.openResourceCenter());

$('#export').addEventListener('click', () => {
  tp.track('Report Exported', { format: 'csv' });
  log('track Report Exported');
});

// The collector serves this page, so its origin is the collector's URL, whatever port it runs on.
$('#events-curl').textContent = `curl -H 'Authorization: Bearer sk_demo' ${location.origin}/v1/events`;

route();
log(`page ${location.pathname}`);
