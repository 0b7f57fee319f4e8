// Secrets never leave the process: one place that knows what a secret looks like.

const SECRET_QUERY_PARAMS = [
  'oauth_token',
  'access_token',
  'client_secret',
  'password',
  'refresh_token',
];

/** Replaces the values of secret query parameters (`?oauth_token=...`) with `***`. */
export function redactQuery(search: string): string {
  if (search === '') return '';
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.includes(key.toLowerCase())) params.set(key, '***');
  }
  const out = params.toString();
  return out === '' ? '' : `?${out}`;
}

/** Replaces every occurrence of the given secret values in a text with `***`. */
export function redactValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('***');
  return out;
}

/** Salesforce session ids (`00D...!...`) wherever they appear. */
export function redactSessionIds(text: string): string {
  return text.replace(/00D\w{12,15}![\w.]+/g, '00D***!***');
}
