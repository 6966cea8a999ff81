// count-proxy.js TARGET_PORT: a TCP proxy on 127.0.0.1 (a free port) to
// TARGET_PORT that counts the bytes each way and the HTTP/1.1 requests
// (their heads, then bodies skipped by Content-Length or chunked framing).
// Prints "listening on PORT"; on SIGUSR1 prints
// "requests N up BYTES down BYTES connections N" (new connections) and
// starts counting again; on SIGTERM exits.
'use strict';
const net = require('net');

const target = Number(process.argv[2]);
let up = 0, down = 0, requests = 0, connections = 0;

// Follows one connection's requests through the client's bytes.
class RequestCounter {
  constructor() {
    this.buffer = Buffer.alloc(0);
    this.body = 0;          // body bytes still to skip
    this.chunked = false;   // in a chunked body
  }

  push(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.body > 0) {
        const n = Math.min(this.body, this.buffer.length);
        this.buffer = this.buffer.subarray(n);
        this.body -= n;
        if (this.body > 0)
          return;
      }
      if (this.chunked) {
        // A chunk's size line; the last chunk (0) ends with an empty line.
        const eol = this.buffer.indexOf('\r\n');
        if (eol < 0)
          return;
        const size = parseInt(this.buffer.subarray(0, eol).toString('latin1'), 16);
        this.buffer = this.buffer.subarray(eol + 2);
        if (size === 0) {
          this.chunked = false;
          this.body = 2;
        } else {
          this.body = size + 2;
        }
        continue;
      }
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0)
        return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 4);
      requests++;
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      this.body = length ? Number(length[1]) : 0;
      this.chunked = /\r\ntransfer-encoding: *chunked/i.test(head);
    }
  }
}

const proxy = net.createServer((client) => {
  const server = net.connect(target, '127.0.0.1');
  const counter = new RequestCounter();
  connections++;
  client.on('data', (chunk) => {
    up += chunk.length;
    counter.push(chunk);
    server.write(chunk);
  });
  server.on('data', (chunk) => { down += chunk.length; client.write(chunk); });
  client.on('end', () => server.end());
  server.on('end', () => client.end());
  client.on('error', () => server.destroy());
  server.on('error', () => client.destroy());
});
proxy.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on ${proxy.address().port}\n`);
});
process.on('SIGUSR1', () => {
  process.stdout.write(`requests ${requests} up ${up} down ${down} connections ${connections}\n`);
  up = down = requests = connections = 0;
});
process.on('SIGTERM', () => process.exit(0));
