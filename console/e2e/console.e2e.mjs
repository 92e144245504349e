// The console in a real browser (Debian's Chromium, driven by playwright-core) against a running
// Nubis. Run by itests' ConsoleIT with NUBIS_URL (http://127.0.0.1:PORT), NUBIS_ADMIN and
// NUBIS_VIEWER ("user:password"), CHROMIUM (path) and SHOTS (a folder for failure screenshots).
// Prints "ok STEP" for each step that held, or "FAIL STEP: why" and exits 1.
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.NUBIS_URL;
const [adminUser, adminPassword] = split(process.env.NUBIS_ADMIN);
const [viewerUser, viewerPassword] = split(process.env.NUBIS_VIEWER);
const shots = process.env.SHOTS ?? tmpdir();
const api = `${base}/nubis/api/v1`;
const WAIT = 60_000;

function split(pair) {
  const at = (pair ?? '').indexOf(':');
  if (at < 1) throw new Error('NUBIS_ADMIN and NUBIS_VIEWER must be user:password');
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/** The REST API as a script would call it, to set things up and to check what the console did. */
async function rest(method, path, body, auth = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`) {
  const r = await fetch(api + path, {
    method,
    headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function until(what, check) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'], // playwright gives it a fresh profile of its own
});
const pageErrors = [];
let page;
let step = 'start';

async function ok(name, body) {
  step = name;
  await body();
  console.log(`ok ${name}`);
}

async function login(user, password) {
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

try {
  const context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  await ok('the root leads to the console login', async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('login-page').waitFor({ timeout: WAIT });
    if (!page.url().startsWith(`${base}/nubis/console/`)) throw new Error(`landed on ${page.url()}`);
  });

  await ok('a wrong password shows the API\'s refusal', async () => {
    await login(adminUser, `${adminPassword}-wrong`);
    const error = page.getByTestId('login-error');
    await error.waitFor({ timeout: WAIT });
    const text = await error.innerText();
    if (!text.trim() || /Exception|\tat /.test(text)) throw new Error(`error shown: ${text}`);
    if (await page.getByTestId('page-dashboard').count()) throw new Error('logged in with a wrong password');
  });

  await ok('an admin logs in and sees the dashboard with the local cloud', async () => {
    await login(adminUser, adminPassword);
    await page.getByTestId('page-dashboard').waitFor({ timeout: WAIT });
    const who = await page.getByTestId('user-name').innerText();
    if (!who.includes(adminUser)) throw new Error(`masthead says ${who}`);
    await page.getByTestId('dashboard-clouds').getByText('local', { exact: true }).first().waitFor({ timeout: WAIT });
    const stored = await page.evaluate(() => sessionStorage.getItem('nubis.console.session') ?? '');
    if (stored.includes(adminPassword)) throw new Error('the password was kept in the browser');
  });

  await ok('an experiment created in the console exists in the API', async () => {
    await page.getByTestId('nav').getByText('Experiments', { exact: true }).click();
    await page.getByTestId('page-experiments').waitFor({ timeout: WAIT });
    await page.getByTestId('create-experiment').click();
    await page.getByTestId('experiment-name-input').fill('webexp');
    await page.getByTestId('create-experiment-submit').click();
    // the console opens the new experiment
    await page.getByTestId('experiment-name').getByText('webexp').waitFor({ timeout: WAIT });
    const shown = await rest('GET', '/experiments/webexp');
    if (shown.status !== 200) throw new Error(`GET /experiments/webexp answered ${shown.status}`);
  });

  await ok('instances provisioned by a script appear without a reload', async () => {
    const provisioned = await rest('POST', '/experiments/webexp/provision', { count: 2, tags: ['web'] });
    if (provisioned.status !== 202) throw new Error(`provision answered ${provisioned.status}`);
    await until('2 instance rows', async () => (await page.locator('[data-testid^="instance-row-"]').count()) === 2);
  });

  await ok('a reload keeps the login and the deep link', async () => {
    const url = page.url();
    await page.reload();
    await page.getByTestId('page-experiment').waitFor({ timeout: WAIT });
    if (page.url() !== url) throw new Error(`reloaded to ${page.url()}`);
  });

  await ok('the console destroys the experiment', async () => {
    await page.getByTestId('destroy-experiment').click();
    await page.getByTestId('confirm-destroy-experiment-confirm').click();
    await until('the experiment is gone from the API', async () => (await rest('GET', '/experiments/webexp')).status === 404);
  });

  let token;
  await ok('logout ends the session on the server', async () => {
    token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('nubis.console.session') ?? '{}').token);
    if (!token) throw new Error('no token in the session');
    if ((await rest('GET', '/auth/whoami', null, `Bearer ${token}`)).status !== 200) throw new Error('the token did not work before logout');
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor({ timeout: WAIT });
    const after = await rest('GET', '/auth/whoami', null, `Bearer ${token}`);
    if (after.status !== 401) throw new Error(`the token still answers ${after.status} after logout`);
  });

  await ok('a viewer sees no action it may not take', async () => {
    if ((await rest('POST', '/experiments', { name: 'viewexp' })).status !== 201) throw new Error('could not make viewexp');
    await login(viewerUser, viewerPassword);
    await page.getByTestId('page-dashboard').waitFor({ timeout: WAIT });
    await page.getByTestId('nav').getByText('Experiments', { exact: true }).click();
    await page.getByTestId('experiments-table').getByText('viewexp', { exact: true }).waitFor({ timeout: WAIT });
    if (await page.getByTestId('create-experiment').count()) throw new Error('a viewer is offered "create experiment"');
    await page.getByTestId('experiments-table').getByText('viewexp', { exact: true }).click();
    await page.getByTestId('experiment-name').getByText('viewexp').waitFor({ timeout: WAIT });
    if (await page.getByTestId('destroy-experiment').count()) throw new Error('a viewer is offered "destroy"');
    await rest('DELETE', '/experiments/viewexp');
  });

  step = 'no script errors';
  if (pageErrors.length) throw new Error(pageErrors.join('; '));
  console.log('ok no script errors in the page');
} catch (e) {
  console.log(`FAIL ${step}: ${e.message.split('\n')[0]}`);
  if (page) await page.screenshot({ path: join(shots, 'console-failure.png'), fullPage: true }).catch(() => undefined);
  process.exitCode = 1;
} finally {
  await browser.close();
}
