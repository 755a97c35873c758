// Real clients against the emulator: jsforce 3 through its API, the Salesforce CLI `sf` through its commands.
// Started by scripts/real-clients-check (which installs the clients and starts the emulator); prints a table of
// PASS (behaves as Salesforce documents), DIFF (answered, but not in the documented shape, status or error code)
// and FAIL (the client could not do it at all). Each check says what it expects.
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createSign } from 'node:crypto';
import { promisify } from 'node:util';

const require = createRequire(process.env.NODE_PATH + '/');
const jsforce = require('jsforce');
const run = promisify(execFile);

const URL = process.env.EMULATOR_URL;
const SF = process.env.SF_BIN;
const CLIENT_ID = 'switchboard-local';
const CLIENT_SECRET = 'local-only-secret';
const USERNAME = 'integration@switchboard.local';
const PASSWORD = 'local-only-password';
const VERSION = '62.0';
const ID18 = /^[0-9A-Za-z]{18}$/;

const results = [];
class Diff extends Error {}
const expect = (ok, message) => {
  if (!ok) throw new Diff(message);
};

async function check(client, operation, fn) {
  const started = Date.now();
  try {
    const note = await fn();
    results.push({ client, operation, status: 'PASS', note: note ?? '', ms: Date.now() - started });
  } catch (e) {
    const status = e instanceof Diff ? 'DIFF' : 'FAIL';
    const text = (e.stderr || e.stdout || e.message || String(e)).toString().split('\n').filter(Boolean).slice(0, 2).join(' | ');
    results.push({ client, operation, status, note: text.slice(0, 160), ms: Date.now() - started });
  }
}

async function admin(path, body) {
  const response = await fetch(`${URL}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

function seedContacts(n, prefix) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push({ LastName: `${prefix}${i}` });
  return admin('seed', { Contact: rows });
}

function jwtAssertion(audience) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'RS256' });
  const claims = b64({ iss: CLIENT_ID, sub: USERNAME, aud: audience, exp: Math.floor(Date.now() / 1000) + 300 });
  const signer = createSign('RSA-SHA256');
  signer.update(`${head}.${claims}`);
  return `${head}.${claims}.${signer.sign(readFileSync(process.env.JWT_KEY)).toString('base64url')}`;
}

async function sf(...args) {
  const { stdout } = await run(SF, [...args, '--json'], { env: process.env, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 })
    .catch((e) => {
      // sf exits non-zero with its JSON on stdout; keep it for the note
      if (e.stdout) {
        const parsed = JSON.parse(e.stdout);
        const err = new Diff(`${parsed.name ?? ''}: ${parsed.message ?? e.stdout}`.slice(0, 300));
        throw err;
      }
      throw e;
    });
  const parsed = JSON.parse(stdout);
  expect(parsed.status === 0, `sf status ${parsed.status}: ${parsed.message}`);
  return parsed.result;
}

const newConnection = () => new jsforce.Connection({
  loginUrl: URL, version: VERSION,
  oauth2: { loginUrl: URL, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
});

await admin('reset', {});
const conn = newConnection();

// ---------------------------------------------------------------- jsforce: logins and identity
await check('jsforce', 'login: username-password (OAuth)', async () => {
  const info = await conn.login(USERNAME, PASSWORD);
  expect(ID18.test(info.id) && ID18.test(info.organizationId), `ids ${JSON.stringify(info)}`);
  expect(conn.instanceUrl === URL, `instanceUrl ${conn.instanceUrl}`);
  expect(!conn.refreshToken, 'the password flow issued a refresh token');
  return `user ${info.id}, no refresh token`;
});

await check('jsforce', 'login: client credentials', async () => {
  const c = newConnection();
  const info = await c.authorize({ grant_type: 'client_credentials' });
  expect(ID18.test(info.id), `ids ${JSON.stringify(info)}`);
  expect((await c.query('SELECT Id FROM User')).totalSize >= 1, 'query after login');
  return `user ${info.id}`;
});

await check('jsforce', 'login: JWT bearer', async () => {
  const c = newConnection();
  const info = await c.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwtAssertion(URL) });
  expect(ID18.test(info.organizationId), `ids ${JSON.stringify(info)}`);
  expect(!c.refreshToken, 'JWT issued a refresh token');
  return `org ${info.organizationId}`;
});

await check('jsforce', 'login: wrong password is invalid_grant', async () => {
  try {
    await newConnection().login(USERNAME, 'wrong');
  } catch (e) {
    expect(e.name === 'invalid_grant', `error ${e.name}: ${e.message}`);
    return `${e.name}: ${e.message}`;
  }
  throw new Diff('logged in with a wrong password');
});

await check('jsforce', 'identity URL', async () => {
  const id = await conn.identity();
  for (const key of ['user_id', 'organization_id', 'username', 'display_name', 'email', 'urls']) {
    expect(key in id, `no ${key} in ${Object.keys(id)}`);
  }
  expect(id.username === USERNAME, `username ${id.username}`);
  return `${id.username} in ${id.organization_id}`;
});

await check('jsforce', 'userinfo (OpenID Connect)', async () => {
  const info = await conn.request(`${URL}/services/oauth2/userinfo`);
  expect(info.preferred_username === USERNAME && info.user_id === conn.userInfo.id, JSON.stringify(info).slice(0, 120));
  return info.sub;
});

// ---------------------------------------------------------------- jsforce: metadata
await check('jsforce', 'describe global', async () => {
  const global = await conn.describeGlobal();
  const names = global.sobjects.map((s) => s.name);
  for (const name of ['Lead', 'Contact', 'Account', 'Task', 'Organization']) expect(names.includes(name), `no ${name}`);
  return `${names.length} objects, maxBatchSize ${global.maxBatchSize}`;
});

await check('jsforce', 'describe Lead, Task', async () => {
  const lead = await conn.sobject('Lead').describe();
  const field = (d, n) => d.fields.find((f) => f.name === n);
  expect(field(lead, 'Address')?.type === 'address', `Lead.Address ${field(lead, 'Address')?.type}`);
  expect(field(lead, 'Street')?.compoundFieldName === 'Address', 'Lead.Street not in Address');
  expect(field(lead, 'LastName')?.compoundFieldName === 'Name', 'Lead.LastName not in Name');
  const task = await conn.sobject('Task').describe();
  expect(field(task, 'Subject')?.type === 'combobox', `Task.Subject ${field(task, 'Subject')?.type}`);
  return `${lead.fields.length} Lead fields, Task.Subject combobox`;
});

await check('jsforce', 'limits', async () => {
  const limits = await conn.limits();
  expect(limits.DailyApiRequests?.Max > 0 && limits.DailyApiRequests.Remaining <= limits.DailyApiRequests.Max,
    JSON.stringify(limits.DailyApiRequests));
  return `DailyApiRequests ${limits.DailyApiRequests.Remaining}/${limits.DailyApiRequests.Max}`;
});

// ---------------------------------------------------------------- jsforce: queries
await seedContacts(2500, 'Page');
await check('jsforce', 'query: 2,500 rows, autoFetch', async () => {
  const records = [];
  const result = await conn.query('SELECT Id, LastName FROM Contact').on('record', (r) => records.push(r))
    .run({ autoFetch: true, maxFetch: 10000 });
  expect(result.totalSize === 2500, `totalSize ${result.totalSize}`);
  expect(records.length === 2500 && new Set(records.map((r) => r.Id)).size === 2500, `records ${records.length}`);
  return 'pages of 2,000 and 500';
});

await check('jsforce', 'query: forced uneven pages (7, 3, 11)', async () => {
  await admin('settings', { pageSizes: [7, 3, 11] });
  try {
    const result = await conn.query('SELECT Id FROM Contact LIMIT 50').run({ autoFetch: true, maxFetch: 100 });
    expect(result.records.length === 50 && result.done, `records ${result.records.length}, done ${result.done}`);
    return '7+3+11+7+3+11+7+1';
  } finally {
    await admin('settings', { pageSizes: [] });
  }
});

await check('jsforce', 'query: queryMore by locator', async () => {
  const first = await conn.query('SELECT Id FROM Contact');
  expect(!first.done && /\/query\/01g[0-9A-Za-z]{15}-2000$/.test(first.nextRecordsUrl), first.nextRecordsUrl);
  const next = await conn.queryMore(first.nextRecordsUrl);
  expect(next.done && next.records.length === 500, `next ${next.records.length} ${next.done}`);
  return first.nextRecordsUrl;
});

await check('jsforce', 'queryAll: deleted rows', async () => {
  const victim = (await conn.query("SELECT Id FROM Contact WHERE LastName = 'Page0'")).records[0].Id;
  await conn.sobject('Contact').destroy(victim);
  const all = await conn.query(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${victim}'`, { scanAll: true });
  expect(all.totalSize === 1 && all.records[0].IsDeleted === true, JSON.stringify(all.records));
  const live = await conn.query(`SELECT Id FROM Contact WHERE Id = '${victim}'`);
  expect(live.totalSize === 0, 'deleted row in query');
  return 'IsDeleted true only in queryAll';
});

await check('jsforce', 'query: MALFORMED_QUERY', async () => {
  try {
    await conn.query('SELECT FROM Contact');
  } catch (e) {
    expect(e.errorCode === 'MALFORMED_QUERY', `${e.errorCode}`);
    return e.errorCode;
  }
  throw new Diff('no error');
});

// ---------------------------------------------------------------- jsforce: records
let leadId;
await check('jsforce', 'create / retrieve / update / delete', async () => {
  const created = await conn.sobject('Lead').create({ LastName: 'Lovelace', Company: 'Engines', Phone: '+1 415 555 0134' });
  expect(created.success && ID18.test(created.id), JSON.stringify(created));
  leadId = created.id;
  const got = await conn.sobject('Lead').retrieve(leadId);
  expect(got.Name === 'Lovelace' && got.attributes.type === 'Lead', JSON.stringify(got).slice(0, 100));
  expect(/\.000\+0000$/.test(got.CreatedDate), `CreatedDate ${got.CreatedDate}`);
  const updated = await conn.sobject('Lead').update({ Id: leadId, Title: 'Countess' });
  expect(updated.success, JSON.stringify(updated));
  expect((await conn.sobject('Lead').retrieve(leadId)).Title === 'Countess', 'update not seen');
  const temp = await conn.sobject('Lead').create({ LastName: 'Temp', Company: 'X' });
  const destroyed = await conn.sobject('Lead').destroy(temp.id);
  expect(destroyed.success, JSON.stringify(destroyed));
  try {
    await conn.sobject('Lead').retrieve(temp.id);
  } catch (e) {
    expect(e.errorCode === 'ENTITY_IS_DELETED' || e.errorCode === 'NOT_FOUND', e.errorCode);
    return `retrieve after delete: ${e.errorCode}`;
  }
  throw new Diff('deleted record retrieved');
});

await check('jsforce', 'retrieve: malformed id is NOT_FOUND', async () => {
  try {
    await conn.sobject('Lead').retrieve('xyz');
  } catch (e) {
    expect(e.errorCode === 'NOT_FOUND', `${e.errorCode}: ${e.message}`);
    return e.message;
  }
  throw new Diff('no error');
});

await check('jsforce', 'datetime with milliseconds is kept to the second', async () => {
  const ev = await conn.sobject('Event').create({ Subject: 'Call', StartDateTime: '2026-11-21T10:15:30.789Z', DurationInMinutes: 30 });
  const got = await conn.sobject('Event').retrieve(ev.id);
  expect(got.StartDateTime === '2026-11-21T10:15:30.000+0000', got.StartDateTime);
  return got.StartDateTime;
});

await check('jsforce', 'collections: create with a per-record error', async () => {
  const res = await conn.sobject('Contact').create([{ LastName: 'Fine' }, { FirstName: 'NoLastName' }], { allOrNone: false });
  expect(res[0].success && ID18.test(res[0].id), JSON.stringify(res[0]));
  expect(!res[1].success && res[1].errors[0]?.statusCode === 'REQUIRED_FIELD_MISSING', JSON.stringify(res[1]));
  return 'second: REQUIRED_FIELD_MISSING';
});

await check('jsforce', 'collections: update (jsforce sends "id")', async () => {
  const made = await conn.sobject('Contact').create([{ LastName: 'A' }, { LastName: 'B' }]);
  const res = await conn.sobject('Contact').update(made.map((m, i) => ({ Id: m.id, Title: `T${i}` })));
  expect(res.every((r) => r.success), JSON.stringify(res));
  const check = await conn.sobject('Contact').retrieve(made.map((m) => m.id));
  expect(check.every((r, i) => r.Title === `T${i}`), JSON.stringify(check.map((r) => r.Title)));
  return `${res.length} updated`;
});

await check('jsforce', 'collections: allOrNone rolls back', async () => {
  const before = (await conn.query('SELECT COUNT() FROM Contact')).totalSize;
  const res = await conn.sobject('Contact').create([{ LastName: 'Fine' }, { FirstName: 'No' }], { allOrNone: true });
  expect(!res[0].success && res[0].errors[0].statusCode === 'ALL_OR_NONE_OPERATION_ROLLED_BACK', JSON.stringify(res[0]));
  expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize === before, 'not rolled back');
  return 'ALL_OR_NONE_OPERATION_ROLLED_BACK';
});

await check('jsforce', 'composite with references', async () => {
  const res = await conn.requestPost(`/services/data/v${VERSION}/composite`, {
    allOrNone: true,
    compositeRequest: [
      { method: 'POST', url: `/services/data/v${VERSION}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Ref Co' } },
      { method: 'POST', url: `/services/data/v${VERSION}/sobjects/Contact`, referenceId: 'ct', body: { LastName: 'Ref', AccountId: '@{acct.id}' } },
      { method: 'GET', url: `/services/data/v${VERSION}/sobjects/Contact/@{ct.id}?fields=AccountId`, referenceId: 'get' },
    ],
  });
  const [a, c, g] = res.compositeResponse;
  expect(a.httpStatusCode === 201 && c.httpStatusCode === 201 && g.httpStatusCode === 200, JSON.stringify(res).slice(0, 200));
  expect(g.body.AccountId === a.body.id, `AccountId ${g.body.AccountId}`);
  return 'Contact.AccountId = @{acct.id}';
});

await check('jsforce', 'upsert by external id (201 then 200)', async () => {
  const first = await conn.sobject('Task').upsert({ Subject: 'Call', Switchboard_Event_Id__c: 'evt-rc-1' }, 'Switchboard_Event_Id__c');
  const second = await conn.sobject('Task').upsert({ Subject: 'Call again', Switchboard_Event_Id__c: 'evt-rc-1' }, 'Switchboard_Event_Id__c');
  expect(first.success && first.created === true && ID18.test(first.id), JSON.stringify(first));
  expect(second.success && second.created === false && second.id === first.id, JSON.stringify(second));
  return 'created, then updated';
});

await check('jsforce', 'DUPLICATE_VALUE names the 15-character id', async () => {
  const made = await conn.sobject('Task').create({ Subject: 'Dup', Switchboard_Event_Id__c: 'evt-rc-dup' });
  const res = await conn.sobject('Task').create([{ Subject: 'Dup', Switchboard_Event_Id__c: 'evt-rc-dup' }]);
  const message = res[0].errors[0]?.message ?? '';
  expect(res[0].errors[0]?.statusCode === 'DUPLICATE_VALUE', JSON.stringify(res[0]));
  expect(message === `duplicate value found: Switchboard_Event_Id__c duplicates value on record with id: ${made.id.slice(0, 15)}`, message);
  return message;
});

await check('jsforce', 'SOSL search (index lags, then finds)', async () => {
  const lead = await conn.sobject('Lead').create({ LastName: 'Searchable', Company: 'Zyx', Email: 'zyx.search@example.com' });
  const sosl = 'FIND {zyx.search@example.com} IN EMAIL FIELDS RETURNING Lead(Id, Name)';
  const firstTry = (await conn.search(sosl)).searchRecords.length;
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const found = (await conn.search(sosl)).searchRecords;
    if (found.some((r) => r.Id === lead.id)) return `missed at first (${firstTry} found), found after the index delay`;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Diff('never found');
});

await check('jsforce', 'expired session renewed', async () => {
  await admin('faults', { expireSessions: true });
  let refreshed = false;
  conn.on('refresh', () => { refreshed = true; });
  const res = await conn.query('SELECT Id FROM Lead LIMIT 1');
  expect(refreshed && res.totalSize >= 1, `refreshed ${refreshed}`);
  return 'logged in again on INVALID_SESSION_ID';
});

await check('jsforce', 'unknown and retired API versions', async () => {
  const v99 = await fetch(`${URL}/services/data/v99.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
  const v30 = await fetch(`${URL}/services/data/v30.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
  expect(v99.status === 404 && v30.status === 410, `v99 ${v99.status}, v30 ${v30.status}`);
  return 'v99.0 404, v30.0 410 GONE';
});

// ---------------------------------------------------------------- sf CLI
await check('sf', 'org login jwt', async () => {
  const res = await sf('org', 'login', 'jwt', '--client-id', CLIENT_ID, '--jwt-key-file', process.env.JWT_KEY,
    '--username', USERNAME, '--instance-url', URL, '--alias', 'emu-jwt');
  expect(res.username === USERNAME && ID18.test(res.orgId), JSON.stringify(res).slice(0, 200));
  return `orgId ${res.orgId}`;
});

await check('sf', 'org login access-token', async () => {
  const token = newConnection();
  await token.login(USERNAME, PASSWORD);
  process.env.SF_ACCESS_TOKEN = token.accessToken;
  const res = await sf('org', 'login', 'access-token', '--instance-url', URL, '--no-prompt', '--alias', 'emu');
  expect(res.username === USERNAME, JSON.stringify(res).slice(0, 200));
  return `username ${res.username}`;
});

await check('sf', 'org display', async () => {
  const res = await sf('org', 'display', '--target-org', 'emu');
  expect(res.instanceUrl.replace(/\/$/, '') === URL && res.username === USERNAME, JSON.stringify(res).slice(0, 200));
  return `api ${res.apiVersion}, ${res.connectedStatus}`;
});

await check('sf', 'data query over 2,000 rows', async () => {
  const res = await sf('data', 'query', '--target-org', 'emu', '--query', "SELECT Id, LastName FROM Contact WHERE LastName LIKE 'Page%'");
  expect(res.totalSize === 2499 && res.records.length === 2499 && res.done, `totalSize ${res.totalSize}, records ${res.records.length}`);
  return `${res.records.length} records`;
});

await check('sf', 'sobject describe / list', async () => {
  const res = await sf('sobject', 'describe', '--target-org', 'emu', '--sobject', 'Lead');
  expect(res.name === 'Lead' && res.fields.some((f) => f.name === 'Email'), JSON.stringify(res).slice(0, 100));
  const list = await sf('sobject', 'list', '--target-org', 'emu', '--sobject', 'all');
  expect(list.includes('Contact'), `list ${list.slice(0, 5)}`);
  return `${res.fields.length} fields; ${list.length} objects`;
});

await check('sf', 'data create / get / update / delete record', async () => {
  const made = await sf('data', 'create', 'record', '--target-org', 'emu', '--sobject', 'Lead', '--values', "LastName=Cli Company='Cli Co'");
  expect(made.success && ID18.test(made.id), JSON.stringify(made));
  const got = await sf('data', 'get', 'record', '--target-org', 'emu', '--sobject', 'Lead', '--record-id', made.id);
  expect(got.Company === 'Cli Co', JSON.stringify(got).slice(0, 120));
  await sf('data', 'update', 'record', '--target-org', 'emu', '--sobject', 'Lead', '--record-id', made.id, '--values', 'Title=Chief');
  const again = await sf('data', 'get', 'record', '--target-org', 'emu', '--sobject', 'Lead', '--record-id', made.id);
  expect(again.Title === 'Chief', `Title ${again.Title}`);
  await sf('data', 'delete', 'record', '--target-org', 'emu', '--sobject', 'Lead', '--record-id', made.id);
  return made.id;
});

await check('sf', 'org list limits', async () => {
  const res = await sf('org', 'list', 'limits', '--target-org', 'emu');
  const daily = res.find((l) => l.name === 'DailyApiRequests');
  expect(daily && daily.max > 0, JSON.stringify(res).slice(0, 120));
  return `DailyApiRequests ${daily.remaining}/${daily.max}`;
});

await check('sf', 'data search (SOSL)', async () => {
  const res = await sf('data', 'search', '--target-org', 'emu', '--query', 'FIND {Searchable} IN NAME FIELDS RETURNING Lead(Id, Name)');
  const rows = res.searchRecords ?? res;
  expect(Array.isArray(rows) && rows.length >= 1, JSON.stringify(res).slice(0, 120));
  return `${rows.length} found`;
});

// ---------------------------------------------------------------- the table
const width = (key) => Math.max(key.length, ...results.map((r) => String(r[key]).length));
const w = { client: width('client'), operation: width('operation'), status: 6 };
console.log(`\n${'client'.padEnd(w.client)}  ${'operation'.padEnd(w.operation)}  result  note`);
for (const r of results) {
  console.log(`${r.client.padEnd(w.client)}  ${r.operation.padEnd(w.operation)}  ${r.status.padEnd(6)}  ${r.note}`);
}
const count = (s) => results.filter((r) => r.status === s).length;
console.log(`\n${count('PASS')} passed, ${count('DIFF') + count('FAIL')} failed (${count('DIFF')} DIFF, ${count('FAIL')} FAIL) of ${results.length}`);
process.exit(count('PASS') === results.length ? 0 : 1);
