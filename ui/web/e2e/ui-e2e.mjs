// The browser suite of the web UI, run by itests' UiBrowserIT against a running server: drives the
// system's Chromium headless through playwright-core. Environment: WADI_URL (http://127.0.0.1:PORT),
// SCREENSHOTS (a folder), CHROMIUM (default /usr/bin/chromium), PROFILE (a fresh user data dir).
// Prints one JSON line with what it saw; exits non-zero on the first failed step.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.WADI_URL ?? 'http://127.0.0.1:5115';
const shots = process.env.SCREENSHOTS ?? 'screenshots';
const profile = process.env.PROFILE;
mkdirSync(shots, { recursive: true });

// endpoints a server may not offer: the UI answers their 404 with a message
const EXPECTED_404 = /\/api\/v1\/(connectors|connection_profiles|connection_tables)/;

const GOOD = `CREATE TABLE impulse WITH (
  connector = 'impulse',
  event_rate = '20'
);

SELECT counter, counter * 2 AS doubled FROM impulse;`;
const BAD = `CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '20');
SELECT nope FROM impulse;`;

const AVRO = JSON.stringify({
  type: 'record', name: 'Order', namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'customer', type: ['null', 'string'] },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
}, null, 2);

const result = { steps: [], consoleErrors: [] };
const step = (name) => {
  result.steps.push(name);
  process.stderr.write(`step: ${name}\n`);
};

const context = await chromium.launchPersistentContext(profile ?? '', {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(60_000);
page.on('pageerror', (e) => result.consoleErrors.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() !== 'error') return;
  const url = m.location()?.url ?? '';
  if (m.text().includes('status of 404') && EXPECTED_404.test(url)) return;
  result.consoleErrors.push(`${m.text()} (${url})`);
});

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function setQuery(sql) {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
}

try {
  step('home');
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  await page.getByTestId('version').waitFor();
  result.version = (await page.getByTestId('version').textContent())?.trim();
  await page.getByText(/workers alive/).waitFor();
  await shot('home');

  step('diagnostic for bad SQL');
  await page.goto(base + '/pipelines/new');
  await page.locator('.cm-content').waitFor();
  await setQuery(BAD);
  const diagnostic = page.locator('[data-testid=diagnostics] .message.error').first();
  await diagnostic.waitFor({ timeout: 30_000 });
  result.diagnostic = (await diagnostic.textContent())?.trim();
  await page.locator('.cm-lintRange-error').first().waitFor();
  await shot('create-pipeline-diagnostic');

  step('valid query and graph');
  await setQuery(GOOD);
  await page.getByText('Query is valid.').waitFor({ timeout: 30_000 });
  await page.locator('.react-flow__node').first().waitFor();
  result.editorGraphNodes = await page.locator('.react-flow__node').count();

  step('preview');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.locator('[data-testid=rows] tbody tr').nth(2).waitFor({ timeout: 120_000 });
  result.previewRows = await page.locator('[data-testid=rows] tbody tr').count();
  result.previewColumns = await page.locator('[data-testid=rows] thead th').allTextContents();
  await shot('create-pipeline-preview');
  await page.getByRole('button', { name: 'Stop preview' }).click().catch(() => undefined);

  step('start');
  await page.getByLabel('Name').fill('ui-e2e');
  await page.getByLabel('Checkpoint interval (s)').fill('2');
  await page.getByRole('button', { name: 'Start pipeline' }).click();
  await page.waitForURL(/\/pipelines\/(?!new)[^/]+$/);
  result.pipelineId = page.url().split('/').pop();

  step('running');
  await page.locator('h1 .badge[data-state=Running]').waitFor({ timeout: 180_000 });
  await page.locator('.react-flow__node').first().waitFor();

  step('operator rates on the graph');
  await page.getByTestId('operator-rate').first().waitFor({ timeout: 60_000 });
  result.nodeRate = (await page.getByTestId('operator-rate').first().textContent())?.trim();
  result.nodeBackpressureText = (await page.getByTestId('operator-backpressure').first().textContent())?.trim();
  result.nodeBackpressure = await page.locator('.op[data-backpressure]').first().getAttribute('data-backpressure');
  await shot('pipeline-running');

  step('operator panel by keyboard');
  await page.locator('.react-flow__node').first().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /^Operator / }).waitFor();
  // the source's chart of records out, once its rate was reported at least twice
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=operator-charts] [data-chart=Records] polyline[data-series=out]')
    ?.getAttribute('data-points')) >= 2, null, { timeout: 60_000 });
  result.operatorPanel = (await page.getByTestId('operator-panel').textContent())?.trim().slice(0, 200);
  result.chartSeries = await page.locator('[data-testid=operator-charts] figure').evaluateAll((figures) => figures.flatMap((f) =>
    [...f.querySelectorAll('polyline')].map((p) => `${f.getAttribute('data-chart')}/${p.getAttribute('data-series')}:${p.getAttribute('data-points')}`)));
  await shot('pipeline-operator');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('pipeline-operator-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  step('outputs and checkpoints');
  await page.locator('[role=tabpanel] [data-testid=rows] tbody tr').first().waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Checkpoints' }).click();
  await page.locator('[role=tabpanel] table tbody tr td button.link').first().waitFor({ timeout: 60_000 });
  await page.locator('[role=tabpanel] table tbody tr td button.link').first().click();
  await page.locator('.timeline .lane .span').first().waitFor({ timeout: 30_000 });
  result.checkpointLanes = await page.locator('.timeline .lane').count();
  await shot('pipeline-checkpoints');
  await page.getByRole('tab', { name: 'State history' }).click();
  await page.locator('.history li').first().waitFor();

  step('stop');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.locator('h1 .badge[data-state=Stopped]').waitFor({ timeout: 120_000 });
  await shot('pipeline-stopped');

  step('other pages');
  for (const [path, heading, name] of [
    ['/pipelines', 'Pipelines', 'pipelines'],
    ['/functions', 'Functions', 'functions'],
    ['/installed', 'Installed bundles', 'installed'],
    ['/nodes', 'Nodes', 'nodes'],
    ['/connections', 'Connections', 'connections'],
  ]) {
    await page.goto(base + path);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await shot(name);
  }
  step('connection wizard for impulse');
  await page.goto(base + '/connections');
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
  await page.getByRole('button', { name: /^Impulse/ }).click();
  await page.locator('#f-event_rate').fill('5');
  await shot('connections-wizard-table');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Table name').fill('impulse_ui');
  await page.getByRole('button', { name: 'Test' }).click();
  await page.getByTestId('test-result').waitFor();
  await page.getByTestId('test-result').filter({ hasNotText: 'Testing…' }).waitFor({ timeout: 60_000 });
  result.connectionTest = (await page.getByTestId('test-result').textContent())?.slice(0, 300);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('tbody tr', { hasText: 'impulse_ui' }).waitFor();
  await shot('connections-created');

  step('connection wizard for kafka with an Avro schema');
  await page.getByRole('button', { name: /^Kafka/ }).click();
  await page.getByLabel('Profile name').fill('local_kafka');
  await page.locator('#f-bootstrap_servers').fill('127.0.0.1:9092');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('#f-topic').fill('orders');
  await page.locator('#f-type').selectOption('source');
  result.kafkaTableOptions = await page.locator('.form label[for^=f-]').evaluateAll((ls) => ls.map((l) => l.getAttribute('for').slice(2)));
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('#schema-source').selectOption('avro');
  await page.locator('#schema-definition').fill(AVRO);
  await page.getByTestId('schema-columns').getByText('amount f64 not null').waitFor();
  result.avroColumns = await page.locator('[data-testid=schema-columns] li').allTextContents();
  await shot('connections-wizard-schema');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Table name').fill('orders_avro');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('tbody tr', { hasText: 'orders_avro' }).waitFor();

  await page.goto(base + '/pipelines');
  await page.getByText('ui-e2e').waitFor();
  result.listedState = await page.locator('tbody tr', { hasText: 'ui-e2e' }).locator('.badge').getAttribute('data-state');

  step('narrow screen');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + `/pipelines/${result.pipelineId}`);
  await page.locator('h1 .badge').waitFor();
  await shot('narrow-pipeline');
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.error = String(e?.message ?? e).split('\n').slice(0, 6).join('\n');
  await shot('failure').catch(() => undefined);
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
