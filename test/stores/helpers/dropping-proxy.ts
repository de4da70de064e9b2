// A TCP proxy between a client and a server that can drop the connection in the middle of one
// command: when the client sends bytes containing `trigger` (any case), it either cuts the connection
// before they reach the server ('before'), or lets the server run the command and cuts the
// connection before the reply reaches the client ('after').
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface DroppingProxy {
  port: number;
  /** Drops the next connection that sends `trigger`; resolves once it has been dropped. */
  arm(trigger: string, when: 'before' | 'after'): Promise<void>;
  close(): Promise<void>;
}

export async function startDroppingProxy(targetHost: string, targetPort: number): Promise<DroppingProxy> {
  let armed: { trigger: string; when: 'before' | 'after'; dropped: () => void } | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(downstream).add(upstream);
    let cutOnReply = false;
    const cut = () => {
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('data', (chunk: Buffer) => {
      const plan = armed;
      if (plan && chunk.toString('latin1').toUpperCase().includes(plan.trigger.toUpperCase())) {
        armed = null;
        if (plan.when === 'before') {
          cut();
          plan.dropped();
          return;
        }
        cutOnReply = true;
        upstream.once('data', () => {
          cut();
          plan.dropped();
        });
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutOnReply) downstream.write(chunk);
    });
    for (const socket of [downstream, upstream]) {
      socket.on('error', cut);
      socket.on('close', () => {
        sockets.delete(socket);
        cut();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    arm: (trigger, when) =>
      new Promise((resolve) => {
        armed = { trigger, when, dropped: resolve };
      }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
