// The yardstick: bare node:http sending one fixed response (the app's own bytes for a target).
// Usage: node --import tsx scripts/bench/bare-server.ts BODY_FILE CONTENT_TYPE PORT — prints "ready"
// once listening on 127.0.0.1, stops on SIGTERM. Started like the app (same loader, same core).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, contentType, port] = process.argv.slice(2);
if (!file || !contentType || !port) {
  process.stderr.write('usage: bare-server BODY_FILE CONTENT_TYPE PORT\n');
  process.exit(2);
}
const body = readFileSync(file);
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
