// Runs dynalite (in-memory DynamoDB) as its own process so fault tests can SIGSTOP/SIGKILL it.
// Usage: node dynaliteProcess.js <port>. Prints "ready <port>" once listening.
'use strict';
const dynalite = require('dynalite');
const port = Number(process.argv[2] || 0);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
