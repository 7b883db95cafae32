// The county officers' status page: reads ledgerd's JSON API (docs/API.md, "JSON read API") and
// fills the page. Plain JS, no libraries. Every value from the server is inserted with
// textContent (never innerHTML); money is integer fen (an int64 string) formatted with BigInt,
// never a float.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LOANS_PAGE_SIZE = 20;
const ID = '[A-Za-z0-9._-]{1,64}';
const LOAN_NAME = new RegExp('^banks/(' + ID + ')/loans/(' + ID + ')$');
const ID_ONLY = new RegExp('^' + ID + '$');

const $ = (id) => document.getElementById(id);

// An API error: {code, reason, field, message} as the server sent it.
class ApiError extends Error {
  constructor(error) {
    super(error.message || error.code);
    this.error = error;
  }
}

async function api(path) {
  const response = await fetch(path, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(body && body.error ? body.error
                                          : {code: 'HTTP_' + response.status, reason: '', field: '', message: response.statusText});
  }
  return body;
}

// "¥1,234.56" from a Money message (absent means zero), by integer arithmetic on the fen.
function yuan(money) {
  return yuanFromFen(BigInt(money && money.amountFen !== undefined ? money.amountFen : '0'));
}

function yuanFromFen(fen) {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return (negative ? '-' : '') + '¥' + whole + '.' + cents;
}

function fenOf(money) {
  return BigInt(money && money.amountFen !== undefined ? money.amountFen : '0');
}

function dateText(date) {
  if (!date || !date.year) return '—';
  return String(date.year).padStart(4, '0') + '-' + String(date.month).padStart(2, '0') + '-' +
         String(date.day).padStart(2, '0');
}

// "95.00%" from basis points, by integer arithmetic.
function percentFromBps(bps) {
  const value = Number(bps || 0);
  return Math.trunc(value / 100) + '.' + String(Math.abs(value % 100)).padStart(2, '0') + '%';
}

function errorText(err) {
  if (!(err instanceof ApiError)) return 'Error: ' + err.message;
  const e = err.error;
  let text = e.code;
  if (e.reason) text += ' ' + e.reason;
  if (e.field) text += ' (field: ' + e.field + ')';
  if (e.message) text += ': ' + e.message;
  return text;
}

function showError(element, err) {
  element.textContent = errorText(err);
  element.dataset.reason = err instanceof ApiError ? (err.error.reason || '') : '';
  element.dataset.code = err instanceof ApiError ? (err.error.code || '') : '';
  element.hidden = false;
}

function hideError(element) {
  element.hidden = true;
  element.textContent = '';
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

// ---- who is logged in ----

let whoami = {};

async function loadWhoami() {
  try {
    whoami = await api('/api/v1/whoami');
  } catch (err) {
    $('whoami').textContent = '(unknown)';
    $('session-note').textContent = errorText(err);
    return;
  }
  $('whoami').textContent = whoami.principal;
  $('whoami-grant').textContent = whoami.role ? '(' + whoami.role + (whoami.scope ? ' ' + whoami.scope : '') + ')' : '';
  if (whoami.tls) {
    $('session-note').textContent = 'Authenticated by your browser\'s client certificate.';
  } else if (whoami.devMode) {
    $('session-note').textContent = 'Development mode: the login is not authenticated.';
    $('logout-form').hidden = false;
    $('login-link').hidden = whoami.principal !== 'dev';
  }
  if (whoami.role === 'county_officer' && whoami.scope) $('cohorts-county').value = whoami.scope;
}

// ---- one loan ----

let lookupSequence = 0;

async function lookUp(bank, loan) {
  const sequence = ++lookupSequence;
  const path = '/api/v1/banks/' + encodeURIComponent(bank) + '/loans/' + encodeURIComponent(loan);
  hideError($('loan-error'));
  try {
    const found = await api(path);
    if (sequence !== lookupSequence) return;
    showLoan(found);
  } catch (err) {
    if (sequence !== lookupSequence) return;
    $('loan-details').hidden = true;
    showError($('loan-error'), err);
    return;
  }
  $('loan-subsidy').textContent = '…';
  try {
    const subsidy = await api(path + '/subsidies');
    if (sequence !== lookupSequence) return;
    let total = 0n;
    for (const period of subsidy.periods || []) total += fenOf(period.subsidy);
    const periods = (subsidy.periods || []).length;
    $('loan-subsidy').textContent = yuanFromFen(total) + ' (' + periods + ' settlement period' + (periods === 1 ? '' : 's') + ')';
  } catch (err) {
    if (sequence !== lookupSequence) return;
    $('loan-subsidy').textContent = 'unavailable: ' + errorText(err);
  }
}

function showLoan(loan) {
  $('loan-title').textContent = loan.name;
  $('loan-details').dataset.loanName = loan.name;
  $('loan-status').textContent = loan.status;
  $('loan-borrower').textContent = loan.borrowerId;
  $('loan-county').textContent = loan.countyCode;
  $('loan-dpd').textContent = String(loan.daysPastDue);
  $('loan-bucket').textContent = loan.delinquencyBucket;
  $('loan-approved').textContent = yuan(loan.approvedPrincipal);
  $('loan-outstanding').textContent = yuan(loan.outstandingPrincipal);
  $('loan-interest-receivable').textContent = yuan(loan.interestReceivable);
  $('loan-maturity').textContent = dateText(loan.maturityDate);
  const body = $('loan-guarantees').tBodies[0];
  body.replaceChildren();
  for (const g of loan.guarantees || []) {
    const row = document.createElement('tr');
    cell(row, g.guaranteeId);
    cell(row, g.form);
    cell(row, g.fundId || '—');
    cell(row, g.form === 'FUND_GUARANTEE' ? yuan(g.guaranteedPrincipal) : '—', 'num');
    cell(row, g.state);
    body.appendChild(row);
  }
  const none = (loan.guarantees || []).length === 0;
  $('loan-guarantees').hidden = none;
  $('loan-guarantees-none').hidden = !none;
  $('loan-details').hidden = false;
}

function onLookup(event) {
  event.preventDefault();
  const name = $('loan-name').value.trim();
  if (name) {
    const match = LOAN_NAME.exec(name);
    if (!match) {
      showError($('loan-error'), new Error('a loan name reads banks/{bank}/loans/{loan}, e.g. banks/B001/loans/L-1'));
      $('loan-details').hidden = true;
      return;
    }
    lookUp(match[1], match[2]);
    return;
  }
  const bank = $('loan-bank').value.trim();
  const loan = $('loan-id').value.trim();
  if (!ID_ONLY.test(bank) || !ID_ONLY.test(loan)) {
    showError($('loan-error'), new Error('give a loan name, or a bank id and a loan id (1..64 of A-Z a-z 0-9 . _ -)'));
    $('loan-details').hidden = true;
    return;
  }
  lookUp(bank, loan);
}

// ---- the loans table ----

const loansPager = {tokens: [''], index: 0, next: ''};

async function loadLoans() {
  const params = new URLSearchParams({page_size: String(LOANS_PAGE_SIZE)});
  const token = loansPager.tokens[loansPager.index];
  if (token) params.set('page_token', token);
  const status = $('loans-status').value;
  if (status) params.set('status', status);
  hideError($('loans-error'));
  let page;
  try {
    page = await api('/api/v1/loans?' + params.toString());
  } catch (err) {
    showError($('loans-error'), err);
    return;
  }
  const body = $('loans-table').tBodies[0];
  body.replaceChildren();
  for (const loan of page.loans || []) {
    const row = document.createElement('tr');
    row.dataset.loanName = loan.name;
    row.tabIndex = 0;
    cell(row, loan.name);
    cell(row, loan.borrowerId);
    cell(row, loan.countyCode);
    cell(row, loan.status);
    cell(row, String(loan.daysPastDue), 'num');
    cell(row, yuan(loan.outstandingPrincipal), 'num');
    body.appendChild(row);
  }
  $('loans-empty').hidden = (page.loans || []).length !== 0;
  loansPager.next = page.nextPageToken || '';
  $('loans-next').disabled = !loansPager.next;
  $('loans-prev').disabled = loansPager.index === 0;
  $('loans-page').textContent = 'Page ' + (loansPager.index + 1);
}

function openLoanRow(event) {
  const row = event.target.closest('tr[data-loan-name]');
  if (!row) return;
  const match = LOAN_NAME.exec(row.dataset.loanName);
  if (!match) return;
  $('loan-name').value = row.dataset.loanName;
  lookUp(match[1], match[2]);
  $('lookup-section').scrollIntoView();
}

// ---- the portfolio chart ----

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// Bar width in pixels for part/whole (BigInt), by integer arithmetic.
function barWidth(part, whole, width) {
  if (whole <= 0n || part <= 0n) return 0;
  return Math.max(1, Number((part * BigInt(width)) / whole));
}

async function loadPortfolio() {
  let summary;
  try {
    summary = await api('/api/v1/portfolio');
  } catch (err) {
    showError($('portfolio-error'), err);
    return;
  }
  const chart = $('portfolio-chart');
  chart.replaceChildren();
  const rows = summary.byStatus || [];
  let maxCount = 0n;
  let maxFen = 0n;
  for (const r of rows) {
    if (BigInt(r.loanCount) > maxCount) maxCount = BigInt(r.loanCount);
    if (fenOf(r.outstandingPrincipal) > maxFen) maxFen = fenOf(r.outstandingPrincipal);
  }
  const labelWidth = 110;
  const barSpace = 300;
  const rowHeight = 40;
  rows.forEach((r, i) => {
    const y = i * rowHeight + 4;
    const group = svg('g', {'data-status': r.status, class: 'bar'});
    group.appendChild(svg('text', {x: 0, y: y + 14}, r.status));
    const count = BigInt(r.loanCount);
    const fen = fenOf(r.outstandingPrincipal);
    group.appendChild(svg('rect', {x: labelWidth, y: y + 2, height: 14, width: barWidth(count, maxCount, barSpace),
                                   class: 'bar-count', 'data-count': r.loanCount}));
    group.appendChild(svg('text', {x: labelWidth + barSpace + 8, y: y + 14}, r.loanCount + ' loan' + (r.loanCount === '1' ? '' : 's')));
    group.appendChild(svg('rect', {x: labelWidth, y: y + 18, height: 14, width: barWidth(fen, maxFen, barSpace),
                                   class: 'bar-outstanding', 'data-outstanding-fen': fen.toString()}));
    group.appendChild(svg('text', {x: labelWidth + barSpace + 8, y: y + 30}, yuan(r.outstandingPrincipal) + ' outstanding'));
    chart.appendChild(group);
  });
  chart.setAttribute('height', String(rows.length * rowHeight + 8));
  $('portfolio-total').textContent = summary.loanCount + ' loans, ' + yuan(summary.outstandingPrincipal) + ' outstanding principal';
  $('portfolio-truncated').hidden = !summary.truncated;
}

// ---- cohorts ----

async function loadCohorts(event) {
  if (event) event.preventDefault();
  const county = $('cohorts-county').value.trim();
  if (!county) return;
  const params = new URLSearchParams({county_code: county});
  const year = $('cohorts-year').value.trim();
  if (year) params.set('programme_year', year);
  hideError($('cohorts-error'));
  const body = $('cohorts-table').tBodies[0];
  body.replaceChildren();
  $('cohorts-summary').textContent = '';
  let view;
  try {
    view = await api('/api/v1/cohorts?' + params.toString());
  } catch (err) {
    showError($('cohorts-error'), err);
    return;
  }
  $('cohorts-year').value = String(view.programmeYear);
  for (const c of view.cohorts || []) {
    const row = document.createElement('tr');
    row.dataset.cohort = c.cohort;
    const p = c.performance || {};
    cell(row, c.cohort);
    cell(row, c.mentor ? c.mentor.displayName : '—');
    cell(row, c.state);
    cell(row, String(c.activeMentees), 'num');
    cell(row, String(p.loanCount || 0), 'num');
    cell(row, percentFromBps(p.onTimeShareBps), 'num');
    cell(row, percentFromBps(p.par30Bps), 'num');
    body.appendChild(row);
  }
  const all = view.allCohorts || {};
  const outside = view.outsideCohorts || {};
  $('cohorts-summary').textContent =
      (view.cohorts || []).length + ' cohorts in ' + view.programmeYear + '. Their loans: ' + (all.loanCount || 0) +
      ', PAR30 ' + percentFromBps(all.par30Bps) + '. The county\'s other loans: ' + (outside.loanCount || 0) +
      ', PAR30 ' + percentFromBps(outside.par30Bps) + '.';
}

// ---- start ----

function start() {
  $('loan-lookup').addEventListener('submit', onLookup);
  $('loans-table').addEventListener('click', openLoanRow);
  $('loans-table').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') openLoanRow(event);
  });
  $('loans-next').addEventListener('click', () => {
    if (!loansPager.next) return;
    loansPager.tokens.length = loansPager.index + 1;
    loansPager.tokens.push(loansPager.next);
    loansPager.index += 1;
    loadLoans();
  });
  $('loans-prev').addEventListener('click', () => {
    if (loansPager.index === 0) return;
    loansPager.index -= 1;
    loadLoans();
  });
  $('loans-status').addEventListener('change', () => {
    loansPager.tokens = [''];
    loansPager.index = 0;
    loadLoans();
  });
  $('cohorts-form').addEventListener('submit', loadCohorts);
  $('cohorts-year').value = String(new Date().getFullYear());
  loadWhoami().then(() => {
    loadPortfolio();
    loadLoans();
    loadCohorts();
  });
}

document.addEventListener('DOMContentLoaded', start);
