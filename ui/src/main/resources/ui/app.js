// Lists the pipelines from the REST API with the state of each one's newest job.
// Plain JavaScript on purpose: the React UI replaces this page later.
'use strict';

const API = '/api/v1';

async function getJson(path) {
  const response = await fetch(API + path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || `${path} answered ${response.status}`);
  }
  return body;
}

// Collections are {"data": [...], "hasMore": …}; accept a bare array too.
function items(body) {
  return Array.isArray(body) ? body : (body.data || []);
}

function formatTime(value) {
  if (value === undefined || value === null) {
    return '';
  }
  // Arroyo's API gives microseconds since the epoch; accept ISO strings as well.
  const date = typeof value === 'number' ? new Date(value / 1000) : new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

async function jobState(pipelineId) {
  try {
    const jobs = items(await getJson(`/pipelines/${encodeURIComponent(pipelineId)}/jobs`));
    return jobs.length ? jobs[0].state : 'no job';
  } catch (e) {
    return 'unknown';
  }
}

async function refresh() {
  const message = document.getElementById('message');
  const server = document.getElementById('server');
  try {
    const pipelines = items(await getJson('/pipelines'));
    const rows = await Promise.all(pipelines.map(async (p) => {
      const state = await jobState(p.id);
      const tr = document.createElement('tr');
      tr.append(cell(p.name), cell(p.id, 'id'), cell(formatTime(p.createdAt ?? p.created_at)),
        cell(state, 'state-' + state));
      return tr;
    }));
    document.querySelector('#pipelines tbody').replaceChildren(...rows);
    document.getElementById('empty').hidden = pipelines.length > 0;
    message.hidden = true;
    server.textContent = 'connected';
  } catch (e) {
    message.textContent = e.message;
    message.hidden = false;
    server.textContent = 'not connected';
  }
}

refresh();
setInterval(refresh, 2000);
