// client.js CASE --option value …: the PouchDB client of bench/vs-pouchdb.sh,
// doing on the same items what gk-bench-sync does for Gongkai. Local
// databases are LevelDB (PouchDB's defaults) in a folder; a timed case
// prints "MS ms", its wall time from just before the replication starts to
// its end (a local database that already existed is opened before).
// `push` and `pull` of a database that existed stand for an application
// that stays open: the remote database's object is made and set up (its
// first request) before the clock starts, as gk-bench-sync loads what GIO
// loads at a first connection; --proxy-pid PID then has the counting
// proxy start counting again after that request.
//
//   seed --local DIR --catalog FILE [--first K] [--count N]
//   push --local DIR --remote URL [--edit K] [--proxy-pid PID]
//   pull --local DIR --remote URL [--proxy-pid PID]
//   edit-remote --remote URL --index K
//   concurrent --local PREFIX --clients N --remote URL
'use strict';
const fs = require('fs');
const PouchDB = require('pouchdb-node');

const args = {};
for (let i = 3; i < process.argv.length; i += 2)
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

// The catalog's items as documents: the item object of the catalog file,
// its id as _id.
function readDocs(file, first, count) {
  const items = JSON.parse(fs.readFileSync(file, 'utf8')).items;
  return items.slice(first, first + count).map(({ id, ...fields }) => ({ _id: id, ...fields }));
}

// The remote database, set up unless the case is a first one.
async function remote(fresh) {
  const db = new PouchDB(args.remote);
  if (fresh)
    return db;
  await db.info();
  if (args['proxy-pid'] !== undefined) {
    process.kill(Number(args['proxy-pid']), 'SIGUSR1');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return db;
}

async function open(dir) {
  const db = new PouchDB(dir);
  await db.info();
  return db;
}

function clock() {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
}

// Changes one document's content, as an edit in a form would.
async function edit(db, index) {
  const rows = (await db.allDocs({ include_docs: true, skip: Number(index), limit: 1 })).rows;
  const doc = rows[0].doc;
  doc.content = `修改于${Date.now()}`;
  await db.put(doc);
}

const cases = {
  async seed() {
    const db = await open(args.local);
    const first = Number(args.first || 0);
    const docs = readDocs(args.catalog, first, Number(args.count || 1e9));
    for (let i = 0; i < docs.length; i += 1000)
      await db.bulkDocs(docs.slice(i, i + 1000));
    await db.close();
  },

  async push() {
    const fresh = !fs.existsSync(args.local);
    const db = await open(args.local);
    const target = await remote(fresh);
    if (args.edit !== undefined)
      await edit(db, args.edit);
    const elapsed = clock();
    const result = await PouchDB.replicate(db, target);
    console.log(`${elapsed().toFixed(1)} ms written ${result.docs_written}${fresh ? ' (fresh)' : ''}`);
    await db.close();
  },

  async pull() {
    const fresh = !fs.existsSync(args.local);
    let elapsed = clock();
    const db = await open(args.local);
    const source = await remote(fresh);
    if (!fresh)
      elapsed = clock();
    const result = await PouchDB.replicate(source, db);
    console.log(`${elapsed().toFixed(1)} ms written ${result.docs_written}`);
    await db.close();
  },

  async 'edit-remote'() {
    const db = new PouchDB(args.remote);
    await edit(db, args.index);
  },

  async concurrent() {
    const n = Number(args.clients);
    const dbs = [];
    for (let i = 0; i < n; i++)
      dbs.push(await open(`${args.local}/c${i}`));
    const times = [];
    const elapsed = clock();
    let errors = 0;
    await Promise.all(dbs.map(async (db) => {
      const mine = clock();
      try {
        await PouchDB.replicate(db, args.remote);
      } catch (e) {
        errors++;
        console.error(e);
      }
      times.push(mine());
    }));
    const wall = elapsed();
    times.sort((a, b) => a - b);
    console.log(`wall ${wall.toFixed(1)} ms client-p50 ${times[n >> 1].toFixed(1)} ms ` +
                `client-max ${times[n - 1].toFixed(1)} ms errors ${errors}`);
  },
};

cases[process.argv[2]]().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
