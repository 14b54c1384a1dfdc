// A local stand-in for DAX's item cache, in front of dynalite (its own process, like dynalite).
//
// In AWS the price Lambda reads opinions through DAX: an eventually consistent GetItem is answered from the
// cluster's item cache while the item is younger than the item TTL (the environments set 1 s), and writes go
// to DynamoDB directly (they bypass DAX). This proxy reproduces that on the DynamoDB JSON protocol, so the
// unchanged handlers can point DYNAMODB_ENDPOINT at it:
//   - GetItem without ConsistentRead: answered from memory when the same (table, key) was read less than
//     LT_DAX_ITEM_TTL_MS ago (header x-dax-standin: hit), else forwarded and remembered (miss);
//   - everything else (writes, consistent reads, table operations) is forwarded unchanged (pass).
// Concurrent misses of one item share one upstream read, as DAX does.
// Usage: node daxStandIn.cjs <upstream http endpoint> <item ttl ms>; prints {"port":n} on stdout when listening.
// Stats: GET /__stats answers {"hits","misses","passes","errors"}.
'use strict';
const http = require('node:http');

const upstream = new URL(process.argv[2] || '');
const itemTtlMs = Number(process.argv[3] || 1000);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const items = new Map(); // cache key -> { at, status, headers, body }
const inflight = new Map(); // cache key -> Promise<response>
const stats = { hits: 0, misses: 0, passes: 0, errors: 0 };
const MAX_ITEMS = 100_000;

function forward(req, body) {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const up = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
        agent,
        timeout: 10_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            at: Date.now(),
            status: res.statusCode || 500,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    up.on('timeout', () => up.destroy(new Error('upstream timed out')));
    up.on('error', reject);
    up.end(body);
  });
}

function reply(res, r, cacheState) {
  const headers = { ...r.headers, 'x-dax-standin': cacheState };
  delete headers['transfer-encoding'];
  delete headers.connection;
  headers['content-length'] = String(r.body.length);
  res.writeHead(r.status, headers);
  res.end(r.body);
}

/** The item-cache key of an eventually consistent GetItem, or undefined when the request must pass through. */
function itemKey(req, body) {
  if (req.headers['x-amz-target'] !== 'DynamoDB_20120810.GetItem') return undefined;
  let input;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!input || input.ConsistentRead === true || input.ProjectionExpression || input.AttributesToGet) {
    return undefined;
  }
  return `${input.TableName}\u0000${JSON.stringify(input.Key)}`;
}

async function handle(req, res, body) {
  const key = itemKey(req, body);
  if (key === undefined) {
    stats.passes++;
    reply(res, await forward(req, body), 'pass');
    return;
  }
  const cached = items.get(key);
  if (cached && Date.now() - cached.at < itemTtlMs) {
    stats.hits++;
    reply(res, cached, 'hit');
    return;
  }
  stats.misses++;
  let read = inflight.get(key);
  if (!read) {
    read = forward(req, body).finally(() => inflight.delete(key));
    inflight.set(key, read);
  }
  const r = await read;
  if (r.status === 200) {
    if (items.size >= MAX_ITEMS) items.clear();
    items.set(key, r);
  }
  reply(res, r, 'miss');
}

const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.method === 'GET' && req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    handle(req, res, Buffer.concat(chunks)).catch((err) => {
      stats.errors++;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/x-amz-json-1.0' });
      }
      res.end(JSON.stringify({ __type: 'DaxStandInError', message: String(err && err.message) }));
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
