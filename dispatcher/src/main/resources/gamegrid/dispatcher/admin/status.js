// The status page: polls /api/fleet every two seconds and redraws the tables from it. No framework, no build.
'use strict';

const REFRESH_MS = 2000;

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function fill(tableId, rows, makeRow) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren(...rows.map(makeRow));
}

function uptime(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + s + 's';
}

function render(fleet) {
  const banner = document.getElementById('banner');
  banner.textContent = fleet.ready ? 'ready: players can be served' : 'not ready: ' + fleet.notReady;
  banner.className = fleet.ready ? 'ready' : 'notready';
  document.getElementById('updated').textContent = new Date(fleet.time).toLocaleTimeString();

  fill('kinds', fleet.kinds, k => {
    const tr = document.createElement('tr');
    tr.dataset.kind = k.kind;
    tr.append(cell(k.kind), cell(k.servers, 'num servers'), cell(k.ready, 'num ready'), cell(k.players, 'num players'),
      cell(k.reserved, 'num reserved'), cell(k.failures, 'num failures'), cell(k.cause));
    return tr;
  });

  fill('servers', fleet.servers, s => {
    const tr = document.createElement('tr');
    tr.dataset.kind = s.kind;
    tr.dataset.port = s.port;
    const drain = document.createElement('td');
    if (s.state !== 'DRAINING') {
      const button = document.createElement('button');
      button.textContent = 'drain';
      button.addEventListener('click', () => drainServer(s.port));
      drain.append(button);
    }
    tr.append(cell(s.kind), cell(s.port, 'num port'), cell(s.state, 'state ' + s.state), cell(s.players, 'num players'),
      cell(s.reserved, 'num reserved'), cell(uptime(s.uptimeSeconds), 'uptime'), cell(s.pid || '?', 'num pid'),
      cell(s.log, 'log'), drain);
    return tr;
  });

  fill('maps', fleet.maps, m => {
    const tr = document.createElement('tr');
    tr.dataset.map = m.map;
    tr.append(cell(m.map), cell(m.players, 'num players'),
      cell(m.instances.map(i => i.port + ': ' + i.players).join(', '), 'instances'));
    return tr;
  });

  document.getElementById('chat-online').textContent =
    fleet.chatOnline === null ? 'no chat server in this world' : fleet.chatOnline;

  fill('events', fleet.events, e => {
    const tr = document.createElement('tr');
    const detail = e.type === 'READY' && e.millis ? 'started in ' + e.millis + ' ms'
      : e.type === 'BACKOFF' ? 'next try in ' + e.millis + ' ms: ' + e.detail : e.detail;
    tr.append(cell(new Date(e.time).toLocaleTimeString()), cell(e.type, e.type), cell(e.kind),
      cell(e.port, 'num'), cell(e.pid || '', 'num'), cell(detail));
    return tr;
  });
}

// An action that changes the world: sent with the operator secret the operator typed, its answer shown.
async function operatorAction(label, path, body) {
  const result = document.getElementById('action-result');
  const secret = document.getElementById('secret').value;
  if (!secret) {
    result.textContent = 'enter the operator secret first (the content of the world secret file)';
    return;
  }
  const headers = { Authorization: 'Bearer ' + secret, 'Content-Type': 'text/plain; charset=utf-8' };
  const response = await fetch(path, { method: 'POST', headers, body });
  result.textContent = label + ': ' + response.status + ' ' + (await response.text()).trim();
  refresh();
}

function drainServer(port) {
  return operatorAction('drain ' + port, 'api/drain?port=' + port, '');
}

document.getElementById('announce').addEventListener('submit', event => {
  event.preventDefault();
  operatorAction('announce', 'api/announce', document.getElementById('announcement').value);
});

async function refresh() {
  try {
    const response = await fetch('api/fleet', { cache: 'no-store' });
    if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
    render(await response.json());
  } catch (error) {
    const banner = document.getElementById('banner');
    banner.textContent = 'dispatcher not answering: ' + error.message;
    banner.className = 'notready';
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
