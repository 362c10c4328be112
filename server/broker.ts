/**
 * The embedded MQTT broker (aedes) for `npm start` without MQTT_URL: plain TCP for scanners and
 * the server itself, WebSocket for the mini-program and the console. Production uses a real broker.
 */
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';

export interface EmbeddedBroker {
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

function listen(server: Server | ReturnType<typeof createHttpServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startEmbeddedBroker(ports: { tcp: number; ws: number }): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const tcp = createTcpServer(aedes.handle);
  const http = createHttpServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket, request) => aedes.handle(createWebSocketStream(socket), request));
  let tcpPort: number;
  let wsPort: number;
  try {
    tcpPort = await listen(tcp, ports.tcp);
    wsPort = await listen(http, ports.ws);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    tcp.close();
    http.close();
    aedes.close();
    throw new Error(
      code === 'EADDRINUSE'
        ? `Embedded MQTT broker: port ${ports.tcp} or ${ports.ws} is taken; set MQTT_EMBEDDED_PORT / MQTT_EMBEDDED_WS_PORT, or MQTT_URL to use a running broker`
        : `Embedded MQTT broker failed to start: ${(error as Error).message}`,
    );
  }
  return {
    url: `mqtt://127.0.0.1:${tcpPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all([
        new Promise((resolve) => tcp.close(resolve)),
        new Promise((resolve) => wss.close(() => http.close(resolve))),
      ]);
    },
  };
}
