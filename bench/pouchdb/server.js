// server.js DIR: express-pouchdb on 127.0.0.1, a free port, its databases
// (LevelDB, PouchDB's defaults) under DIR. Prints "listening on URL" on
// stdout, and one line per request on stderr: "METHOD PATH STATUS MS", the
// time from the request's first byte to the end of its answer.
'use strict';
const fs = require('fs');
const path = require('path');
const PouchDB = require('pouchdb-node');

const dir = path.resolve(process.argv[2]);
fs.mkdirSync(dir, { recursive: true });
const DB = PouchDB.defaults({ prefix: dir + '/' });
const app = require('express-pouchdb')(DB, {
  mode: 'minimumForPouchDB',
  configPath: path.join(dir, 'config.json'),
  logPath: path.join(dir, 'log.txt'),
});

const server = require('http').createServer((req, res) => {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    process.stderr.write(`${req.method} ${req.url.split('?')[0]} ${res.statusCode} ${ms.toFixed(1)}ms\n`);
  });
  app(req, res);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
});
process.on('SIGTERM', () => process.exit(0));
