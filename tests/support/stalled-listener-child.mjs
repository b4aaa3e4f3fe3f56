// Listens and reports its port; the parent then stops this process so nothing is ever accepted.
import { createServer } from 'node:net';

const server = createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => process.send(server.address().port));
