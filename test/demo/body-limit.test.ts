// The demo refuses a request body over its limit before parsing it, and stops reading it: a 60 MB
// form is answered with 413 (not with the CSRF check's 403, which would mean it was parsed), and the
// connection is closed long before 60 MB have gone through.
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../examples/iam/app.js';
import { type Demo, startDemo } from './helpers/demo-server.js';
import { DemoClient } from './helpers/http-client.js';

const SIXTY_MB = 60 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');
// What a client can write into a connection that nobody reads: the kernel's socket buffers before they
// grow with reading (Linux: 128 KiB to receive, 16 KiB to send). Here 128 KiB went through before the
// close, and 5.6 MB when the server drained the body instead of closing: 1 MiB tells the two apart.
const NOT_READ_BYTES = 1024 * 1024;

/** A raw HTTP/1.1 connection: what was received so far, and whether the server has closed it. */
interface RawConnection {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

function openRaw(url: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset (the server closed with body bytes unread) is how the close shows on this side.
    socket.on('error', () => {});
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () =>
      resolve({ socket, received: () => Buffer.concat(chunks).toString('latin1'), closed }),
    );
    socket.once('error', reject);
  });
}

// Resolves once the status line of the response has arrived, or the connection closed first.
function statusLine(connection: RawConnection): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const line = connection.received().split('\r\n')[0] ?? '';
      if (connection.received().includes('\r\n\r\n') || connection.socket.destroyed) {
        connection.socket.off('data', check);
        resolve(line);
      }
    };
    connection.socket.on('data', check);
    connection.socket.once('close', check);
    check();
  });
}

// Writes body bytes as the connection takes them (waiting for the buffer to drain), until `total`
// bytes are written or the server has closed (or, with `untilAnswered`, answered); returns how many
// were written.
async function writeUntilStopped(
  connection: RawConnection,
  total: number,
  { chunked = false, untilAnswered = false } = {},
): Promise<number> {
  let written = 0;
  const stopped = () => connection.socket.destroyed || (untilAnswered && connection.received().length > 0);
  while (written < total && !stopped()) {
    const frame = chunked
      ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')])
      : CHUNK;
    const drained = connection.socket.write(frame);
    written += CHUNK.length;
    if (!drained) {
      await new Promise<void>((resume) => {
        const go = () => {
          connection.socket.off('drain', go);
          connection.socket.off('close', go);
          resume();
        };
        connection.socket.once('drain', go);
        connection.socket.once('close', go);
      });
    }
  }
  return written;
}

function formHead(url: string, lengthHeader: string): string {
  return [
    'POST /login HTTP/1.1',
    `Host: localhost:${new URL(url).port}`,
    'Content-Type: application/x-www-form-urlencoded',
    lengthHeader,
    '',
    '',
  ].join('\r\n');
}

describe('the demo refuses request bodies over its limit before parsing them', () => {
  let demo: Demo;
  const connections: RawConnection[] = [];

  beforeAll(async () => {
    demo = await startDemo();
  });

  afterEach(() => {
    for (const connection of connections.splice(0)) connection.socket.destroy();
  });

  afterAll(async () => {
    await demo?.close();
  });

  const open = async () => {
    const connection = await openRaw(demo.url);
    connections.push(connection);
    return connection;
  };

  test('a form declaring 60 MB is answered 413 before a byte of it is sent, and the rest is not read', async () => {
    const connection = await open();
    connection.socket.write(formHead(demo.url, `Content-Length: ${SIXTY_MB}`));
    // Nothing of the body was sent: the answer can only come from the declared length.
    const status = await statusLine(connection);
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(connection.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(connection.received()).toContain('This form is too large');
    // The server closes the connection instead of reading (and throwing away) the 60 MB it was
    // promised: the body goes nowhere beyond what the operating system's buffers take before the close.
    const written = await writeUntilStopped(connection, SIXTY_MB);
    await connection.closed;
    expect(written).toBeLessThan(NOT_READ_BYTES);
  });

  test('a 60 MB form sent without a length (chunked) is answered 413 long before its end', async () => {
    const connection = await open();
    connection.socket.write(formHead(demo.url, 'Transfer-Encoding: chunked'));
    const written = await writeUntilStopped(connection, SIXTY_MB, { chunked: true, untilAnswered: true });
    const status = await statusLine(connection);
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
    // The client stopped writing when the answer came: the server never waited for the whole body.
    expect(written).toBeLessThan(SIXTY_MB);
    await connection.closed;
  });

  test('the limit is where it says: one byte over is 413, at the limit the form is parsed (and its token checked)', async () => {
    const client = new DemoClient(demo.url);
    await client.get('/login');
    // The form without its padding is a few bytes; pad the username so the body is exactly the limit.
    const fill = (bytes: number) => {
      const base = new URLSearchParams({ _csrf: 'wrong-token', password: 'x', username: '' }).toString();
      return { _csrf: 'wrong-token', password: 'x', username: 'u'.repeat(bytes - base.length) };
    };
    const over = await client.post('/login', fill(MAX_BODY_BYTES + 1));
    expect(over.status).toBe(413);
    // At the limit, the body reaches the CSRF check, which refuses the wrong token: it was parsed.
    const atLimit = await client.post('/login', fill(MAX_BODY_BYTES));
    expect(atLimit.status).toBe(403);
    // A small form sent without a length (chunked) is read up to the limit, then parsed the same way.
    const chunked = await open();
    const form = 'username=demo&password=x&_csrf=wrong-token';
    chunked.socket.write(formHead(demo.url, 'Transfer-Encoding: chunked'));
    chunked.socket.write(`${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`);
    expect(await statusLine(chunked)).toBe('HTTP/1.1 403 Forbidden');
    // And an ordinary sign-in form goes through.
    await client.get('/login');
    const signIn = await client.post('/login', { username: 'demo', password: 'demo-password' });
    expect(signIn.status).toBe(303);
    expect(signIn.location).toBe('/');
  });
});
