import { UsageError } from './command';

/** `--port` value to a port number; absent means 0, a free port. */
export function parsePort(value: string | undefined): number {
  const port = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${JSON.stringify(value)}`);
  return port;
}
