// A browser without the browser: the demo's session cookie and any other cookie it sets (a
// remembered device's), form posts, no redirects followed.
// It connects from a chosen loopback address (Linux routes all of 127.0.0.0/8 to this machine), so a
// test can be several clients on several networks against the one server on 127.0.0.1.
import { type IncomingHttpHeaders, request } from 'node:http';

/** A response, read whole. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** Where a redirect points, if it is one. */
  location: string | undefined;
  body: string;
}

/** Options of {@link DemoClient}. */
export interface ClientOptions {
  /** The source address, 127.0.0.1 unless given. */
  localAddress?: string;
  /** A session cookie value to start with (a cookie copied from another client, say). */
  cookie?: string;
}

const COOKIE_NAME = 'iam_session';

/**
 * The `role="alert"` message of a page, or null when there is none.
 *
 * @param body - the HTML
 * @returns the alert's text
 */
export function alertOf(body: string): string | null {
  return /<p class="alert" role="alert"[^>]*>([^<]*)<\/p>/.exec(body)?.[1] ?? null;
}

/** One client of the demo, with its own session cookie. */
export class DemoClient {
  /** The session cookie's value, as the server last set it. */
  cookie: string | undefined;
  /** The other cookies the server set and has not cleared, by name (sent back like a browser's). */
  readonly otherCookies = new Map<string, string>();
  /** The CSRF token of the last page that carried one. */
  csrfToken = '';
  readonly #port: number;
  readonly #localAddress: string;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.#port = Number(new URL(baseUrl).port);
    this.#localAddress = options.localAddress ?? '127.0.0.1';
    this.cookie = options.cookie;
  }

  /** GETs a path. */
  get(path: string): Promise<Reply> {
    return this.#send('GET', path);
  }

  /** POSTs a form to a path, adding this client's CSRF token unless the form has its own `_csrf`. */
  post(path: string, form: Record<string, string> = {}): Promise<Reply> {
    const body = new URLSearchParams({ _csrf: this.csrfToken, ...form }).toString();
    return this.#send('POST', path, body);
  }

  #send(method: string, path: string, body?: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { Host: `localhost:${this.#port}` };
      const cookies = [...this.otherCookies].map(([name, value]) => `${name}=${value}`);
      if (this.cookie !== undefined) cookies.unshift(`${COOKIE_NAME}=${this.cookie}`);
      if (cookies.length > 0) headers['Cookie'] = cookies.join('; ');
      if (body !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        headers['Content-Length'] = Buffer.byteLength(body);
      }
      const outgoing = request(
        { host: '127.0.0.1', port: this.#port, localAddress: this.#localAddress, method, path, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            for (const line of response.headers['set-cookie'] ?? []) {
              const [, name = '', value = ''] = /^([^=]+)=([^;]*)/.exec(line) ?? [];
              const cleared = value === '' || /;\s*Max-Age=0\b/i.test(line);
              if (name === COOKIE_NAME) this.cookie = cleared ? undefined : value;
              else if (cleared) this.otherCookies.delete(name);
              else if (name !== '') this.otherCookies.set(name, value);
            }
            const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
            if (token !== undefined) this.csrfToken = token;
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              location: response.headers.location,
              body: text,
            });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}
