// Serves the built site on 127.0.0.1, drives headless Chromium over the DevTools protocol and
// runs axe-core on each page. Exits 1 on any violation, 2 on a failure to run.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, extname } from 'node:path';

const [siteDir, axePath, chromium, profile] = process.argv.slice(2);
const pages = ['/', '/frameworks/working-backwards/', '/tags/ownership/', '/checklists-print/', '/404.html'];
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname));
  let file = join(siteDir, path);
  if (!file.startsWith(siteDir)) { res.writeHead(400).end(); return; }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404, { 'content-type': types['.html'] }).end(await readFile(join(siteDir, '404.html')));
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check',
  '--disable-extensions', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0',
  '--remote-allow-origins=*', `--user-data-dir=${profile}`, 'about:blank',
], { stdio: 'ignore' });
let failed = false;
const finish = (code) => {
  server.close();
  browser.once('exit', () => process.exit(code));
  browser.kill('SIGTERM');
  setTimeout(() => { browser.kill('SIGKILL'); process.exit(code); }, 5000).unref();
};
setTimeout(() => { console.error('audit: timed out'); finish(2); }, 240_000).unref();

let port;
for (let i = 0; i < 200 && !port; i++) {
  const file = join(profile, 'DevToolsActivePort');
  if (existsSync(file)) port = readFileSync(file, 'utf8').split('\n')[0];
  else await sleep(100);
}
if (!port) { console.error('audit: Chromium did not start'); finish(2); }
const target = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: 'PUT' })).json();
const socket = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
let nextId = 0;
const waiting = new Map();
const listeners = [];
socket.onmessage = (message) => {
  const data = JSON.parse(message.data);
  if (data.id && waiting.has(data.id)) {
    const { resolve, reject } = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.error) reject(new Error(JSON.stringify(data.error)));
    else resolve(data.result);
  } else if (data.method) {
    listeners.splice(0).forEach((l) => (l.method === data.method ? l.resolve(data.params) : listeners.push(l)));
  }
};
const send = (method, params = {}) => new Promise((resolve, reject) => {
  const id = ++nextId;
  waiting.set(id, { resolve, reject });
  socket.send(JSON.stringify({ id, method, params }));
});
const once = (method) => new Promise((resolve) => listeners.push({ method, resolve }));
const evaluate = async (expression) => {
  const { result, exceptionDetails } = await send('Runtime.evaluate',
    { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
  return result.value;
};

const axeSource = await readFile(axePath, 'utf8');
await send('Page.enable');
await send('Runtime.enable');

async function audit(label) {
  await evaluate(axeSource);
  const violations = await evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ' +
    '({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary) })))');
  if (violations.length) {
    failed = true;
    console.error(`audit: ${label}: ${violations.length} violation(s)`);
    for (const v of violations) {
      console.error(`  [${v.impact}] ${v.id}: ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) console.error(`    ${node.replace(/\n/g, ' ')}`);
    }
  } else {
    console.log(`audit: ${label}: no violations`);
  }
}

async function visit(page) {
  const loaded = once('Page.loadEventFired');
  await send('Page.navigate', { url: origin + page });
  await loaded;
}
// Polls an expression in the page until it is truthy (up to 5 s).
async function waitFor(expression) {
  for (let i = 0; i < 100; i++) {
    if (await evaluate(`Boolean(${expression})`)) return true;
    await sleep(50);
  }
  return false;
}

for (const scheme of ['light', 'dark']) {
  await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
  for (const page of pages) {
    const loaded = once('Page.loadEventFired');
    await send('Page.navigate', { url: origin + page });
    await loaded;
    await audit(`${page} (${scheme})`);
  }
  // The search box with results open: loads the library and the index on first use.
  const loaded = once('Page.loadEventFired');
  await send('Page.navigate', { url: origin + '/' });
  await loaded;
  const found = await evaluate(`(async () => {
    const input = document.querySelector('#search-input');
    input.focus();
    input.value = 'ownership';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (let i = 0; i < 100; i++) {
      const results = document.querySelector('#search-results');
      if (!results.hidden && results.querySelector('a')) return results.querySelectorAll('a').length;
      await new Promise((r) => setTimeout(r, 50));
    }
    return 0;
  })()`);
  if (!found) { failed = true; console.error(`audit: search found nothing for "ownership" (${scheme})`); }
  await audit(`/ with search results (${scheme})`);

  // The guide's Mermaid diagram, drawn once it comes near the screen.
  await visit('/frameworks/working-backwards/');
  await evaluate(`document.querySelector('pre[data-diagram]').scrollIntoView()`);
  if (!(await waitFor(`document.querySelector('figure.diagram .diagram-drawing svg')`))) {
    failed = true; console.error(`audit: the diagram was not drawn (${scheme})`);
  }
  await audit(`/frameworks/working-backwards/ with its diagram drawn (${scheme})`);

  // Flash cards, as the script shows them: a card, then the same card with its answer.
  await visit('/practice/');
  if (!(await waitFor(`!document.querySelector('[data-practice-card]').hidden`))) {
    failed = true; console.error(`audit: /practice/ showed no card (${scheme})`);
  }
  await audit(`/practice/ (${scheme})`);
  await evaluate(`document.querySelector('[data-practice-reveal]').click()`);
  if (!(await waitFor(`!document.querySelector('[data-practice-answer]').hidden`))) {
    failed = true; console.error(`audit: /practice/ revealed no answer (${scheme})`);
  }
  await audit(`/practice/ with the answer shown (${scheme})`);
  // One guide's cards: the practice page with the guide in its query, as its link has it.
  await visit('/practice/?guide=/frameworks/working-backwards.md');
  if (!(await waitFor(`!document.querySelector('[data-practice-card]').hidden`))) {
    failed = true; console.error(`audit: one guide's practice showed no card (${scheme})`);
  }
  await audit(`/practice/?guide=/frameworks/working-backwards.md (${scheme})`);
  // The sitting over, with an interview date: the plan line, "Done for today" and Study ahead.
  await evaluate(`localStorage.setItem('prepbook:practice:/', JSON.stringify({ version: 2, interview: '2999-01-01', cards: {} }))`);
  await visit('/practice/?guide=/frameworks/working-backwards.md');
  await waitFor(`!document.querySelector('[data-practice-card]').hidden`);
  await evaluate(`(function grade() {
    const card = document.querySelector('[data-practice-card]');
    if (card.hidden) return;
    document.querySelector('[data-practice-reveal]').click();
    document.querySelector('[data-practice-grade="good"]').click();
    setTimeout(grade, 50);
  })()`);
  if (!(await waitFor(`!document.querySelector('[data-practice-ahead]').hidden && !document.querySelector('[data-practice-plan]').hidden`))) {
    failed = true; console.error(`audit: the sitting did not end with Study ahead (${scheme})`);
  }
  await audit(`/practice/ with the sitting over and an interview date (${scheme})`);
  await evaluate('localStorage.clear()');
  // Progress from a ticked item and a marked card.
  await visit('/frameworks/working-backwards/');
  await waitFor(`document.querySelector('input.task') && !document.querySelector('input.task').disabled`);
  await evaluate(`document.querySelector('input.task').click()`);
  await visit('/my-prep/');
  if (!(await waitFor(`document.querySelector('[data-my-prep-guides] li')`))) {
    failed = true; console.error(`audit: /my-prep/ showed no progress (${scheme})`);
  }
  await audit(`/my-prep/ with progress (${scheme})`);
  // What an import would change, before the reader merges or replaces.
  await evaluate(`document.querySelector('[data-my-prep-plan-text]').textContent = 'The file has 2 cards practised.'; document.querySelector('[data-my-prep-plan]').hidden = false`);
  await audit(`/my-prep/ with an import to confirm (${scheme})`);
  await evaluate('localStorage.clear()');
}
// A guide page on a 390 px phone with "On this page" open, in each scheme; then with the
// theme switched against the system's setting (the saved choice wins on load).
const guide = '/frameworks/working-backwards/';
await send('Emulation.setDeviceMetricsOverride', { width: 390, height: 844, deviceScaleFactor: 2, mobile: true });
for (const scheme of ['light', 'dark']) {
  await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
  const loaded = once('Page.loadEventFired');
  await send('Page.navigate', { url: origin + guide });
  await loaded;
  // The guide's point comes first: its TL;DR is in the first screen; "On this page" follows
  // it, and is audited open.
  const opened = await evaluate(`(() => {
    const tldr = document.querySelector('section.part-tldr');
    const toc = document.querySelector('details.toc-phone');
    if (!tldr || !toc) return false;
    const first = tldr.getBoundingClientRect().top < window.innerHeight;
    toc.open = true;
    toc.scrollIntoView();
    return first;
  })()`);
  if (!opened) { failed = true; console.error(`audit: no TL;DR in the first screen, or no "On this page" disclosure, at 390 px (${scheme})`); }
  await audit(`${guide} at 390 px, contents open (${scheme})`);
}
await send('Emulation.clearDeviceMetricsOverride');
for (const [system, chosen] of [['light', 'dark'], ['dark', 'light']]) {
  await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: system }] });
  await evaluate(`localStorage.setItem('prepbook:theme', '${chosen}')`);
  const loaded = once('Page.loadEventFired');
  await send('Page.navigate', { url: origin + guide });
  await loaded;
  const applied = await evaluate('document.documentElement.dataset.theme');
  if (applied !== chosen) { failed = true; console.error(`audit: the saved theme ${chosen} was not applied`); }
  await audit(`${guide} switched to ${chosen} on a ${system} system`);
  await evaluate(`localStorage.removeItem('prepbook:theme')`);
}
finish(failed ? 1 : 0);
