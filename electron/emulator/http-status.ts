import { STATUS_CODES } from 'node:http';

/** "401 (Unauthorized)", the way OpenAI's connector errors print a status. */
export function describeStatus(status: number): string {
  return `${status} (${STATUS_CODES[status] ?? 'Unknown'})`;
}
