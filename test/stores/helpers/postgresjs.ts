// postgres.js (the `postgres` package) clients for the store tests, on the same server as pg.
import postgres from 'postgres';

/** A postgres.js client on `url` that does not print the server's notices (CREATE … IF NOT EXISTS). */
export function newPostgresJs(url: string, options: { max?: number } = {}): postgres.Sql {
  return postgres(url, { max: 10, onnotice: () => {}, ...options });
}
