// dynalite on a thread of its own (see dynamodb.ts): plain JavaScript, so the thread starts without a loader.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const dynalite = createRequire(import.meta.url)('dynalite');
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: workerData.path });
server.on('error', (error) => parentPort?.postMessage({ type: 'error', message: String(error) }));
server.listen(workerData.port, '127.0.0.1', () => {
  parentPort?.postMessage({ type: 'listening', port: server.address().port });
});
parentPort?.on('message', (message) => {
  if (message !== 'close') return;
  // SDK clients keep connections alive: cut them, or close() would wait for them.
  server.close(() => parentPort?.postMessage({ type: 'closed' }));
  server.closeAllConnections();
});
