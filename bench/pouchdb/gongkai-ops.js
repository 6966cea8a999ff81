// gongkai-ops.js: pushes to gongkai-server straight from the catalog file,
// for the setup of bench/vs-pouchdb.sh (never timed):
//
//   create --server URL --token-file FILE --catalog FILE [--first K] [--count N]
//     every item as a create, in pushes of 200 ops, one after the other
//   update --server URL --token-file FILE --catalog FILE --index K
//     one item's content changed (an item never changed before: base_rev 1)
//
// as another PC would, so that a server can hold 100,000 items without a
// store to push them from.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');

const args = {};
for (let i = 3; i < process.argv.length; i += 2)
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const token = fs.readFileSync(args['token-file'], 'utf8').trim();
const agent = new http.Agent({ keepAlive: true });

function push(ops) {
  const body = Buffer.from(JSON.stringify({ ops }));
  const url = new URL('api/v1/push', args.server);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json',
                 'Content-Length': body.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString());
        const bad = res.statusCode !== 200 ? [answer]
          : answer.results.filter((r) => !['applied', 'merged', 'noop'].includes(r.result));
        if (bad.length > 0)
          reject(new Error(JSON.stringify(bad[0])));
        else
          resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// The op's set: the item's fields, without what the server gives.
function fields(item) {
  const { id, position, created, modified, dept, ...set } = item;
  return set;
}

async function main() {
  const items = JSON.parse(fs.readFileSync(args.catalog, 'utf8')).items;
  if (process.argv[2] === 'create') {
    const first = Number(args.first || 0);
    const mine = items.slice(first, first + Number(args.count || items.length));
    for (let i = 0; i < mine.length; i += 200) {
      await push(mine.slice(i, i + 200).map((item) => ({
        op_id: crypto.randomUUID(), item_id: item.id, kind: 'create', base_rev: 0,
        set: fields(item),
      })));
    }
  } else if (process.argv[2] === 'update') {
    const item = items[Number(args.index)];
    await push([{ op_id: crypto.randomUUID(), item_id: item.id, kind: 'update', base_rev: 1,
                  set: { content: `修改于${Date.now()}` } }]);
  } else {
    throw new Error(`unknown command ${process.argv[2]}`);
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e.message);
  process.exit(1);
});
