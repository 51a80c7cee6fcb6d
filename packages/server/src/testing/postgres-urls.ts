/** URL of the same server with another database name. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** URL of the maintenance database `postgres` on the same server, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  return databaseUrl(url, 'postgres');
}
