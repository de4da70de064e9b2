/**
 * The three ways the integration tests talk to the examples of examples/integrations: Express over
 * a real node:http server on port 0 with fetch, Hono with app.request, Fastify with app.inject. Each
 * driver mounts the MFA routes under /auth and answers with status, JSON body and headers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { mfaRouter } from '../../examples/integrations/express.js';
import { mfaPlugin } from '../../examples/integrations/fastify.js';
import { mfaApp } from '../../examples/integrations/hono.js';
import type { MfaRoutesOptions } from '../../examples/integrations/http.js';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface Call {
  body?: unknown;
  /** The session id to send in the cookie. */
  sid?: string | undefined;
  /** The remembered-device token to send in its cookie. */
  device?: string | undefined;
  csrf?: string | undefined;
  contentType?: string;
  userAgent?: string;
}

export interface Driver {
  request(method: 'GET' | 'POST', path: string, call?: Call): Promise<Answer>;
  close(): Promise<void>;
}

export type DriverFactory = (options: MfaRoutesOptions) => Promise<Driver>;

function headersOf(call: Call, method: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (method === 'POST') headers['content-type'] = call.contentType ?? 'application/json';
  const cookies = [
    ...(call.sid === undefined ? [] : [`sid=${call.sid}`]),
    ...(call.device === undefined ? [] : [`mfa_device=${call.device}`]),
  ];
  if (cookies.length > 0) headers['cookie'] = cookies.join('; ');
  if (call.csrf !== undefined) headers['x-csrf-token'] = call.csrf;
  if (call.userAgent !== undefined) headers['user-agent'] = call.userAgent;
  return headers;
}

async function fromResponse(response: Response): Promise<Answer> {
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  // Headers yields each Set-Cookie on its own; join them as the Fastify driver does.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies.join(', ');
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers,
  };
}

function init(method: string, call: Call): RequestInit {
  const body = method === 'POST' ? JSON.stringify(call.body ?? {}) : undefined;
  return { method, headers: headersOf(call, method), ...(body === undefined ? {} : { body }) };
}

export const DRIVERS: Record<string, DriverFactory> = {
  express: async (options) => {
    const app = express();
    app.use('/auth', mfaRouter(options));
    const server: Server = createServer(app);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      request: async (method, path, call = {}) => fromResponse(await fetch(base + path, init(method, call))),
      close: () => new Promise<void>((done) => server.close(() => done())),
    };
  },
  hono: async (options) => {
    const app = mfaApp(options);
    return {
      request: async (method, path, call = {}) =>
        fromResponse(await app.request(path.replace(/^\/auth/, ''), init(method, call))),
      close: async () => {},
    };
  },
  fastify: async (options) => {
    const app = Fastify();
    await app.register(mfaPlugin, { prefix: '/auth', ...options });
    return {
      request: async (method, path, call = {}) => {
        const res = await app.inject({
          method,
          url: path,
          headers: headersOf(call, method),
          ...(method === 'POST' ? { payload: JSON.stringify(call.body ?? {}) } : {}),
        });
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
        }
        return { status: res.statusCode, body: res.body === '' ? {} : res.json(), headers };
      },
      close: () => app.close(),
    };
  },
};

/** The session id a response set, if any. */
export function sidOf(answer: Answer): string | undefined {
  return /(?:^|[;,]\s*)sid=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
}

/**
 * The whole `Set-Cookie` value (name, value and attributes) a response set for the cookie `name`,
 * if any. The drivers join several Set-Cookie headers with ", "; the examples' cookies carry no
 * Expires date, so a comma followed by a name and "=" starts the next one.
 */
export function setCookieOf(answer: Answer, name: string): string | undefined {
  return (answer.headers['set-cookie'] ?? '')
    .split(/,\s*(?=[\w-]+=)/)
    .find((cookie) => cookie.startsWith(`${name}=`));
}
