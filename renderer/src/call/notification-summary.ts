const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const MAX_SUMMARY = 240;
const clip = (text: string) => (text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text);
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

/**
 * One line for a server notification as it arrived: a log message's level, logger and data, the
 * resource that changed, a progress count. The frame itself stays one click away.
 */
export function notificationSummary(raw: string): string {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return clip(raw);
  }
  const params = isRecord(message) && isRecord(message.params) ? message.params : {};
  const method = isRecord(message) && typeof message.method === 'string' ? message.method : '';
  switch (method) {
    case 'notifications/message':
      return clip(`[${shown(params.level ?? '?')}]${typeof params.logger === 'string' ? ` ${params.logger}:` : ''} ${shown(params.data)}`);
    case 'notifications/resources/updated':
      return clip(shown(params.uri ?? ''));
    case 'notifications/progress':
      return clip(`${shown(params.progress)}${params.total !== undefined ? ` of ${shown(params.total)}` : ''}${typeof params.message === 'string' ? ` · ${params.message}` : ''}`);
    default: {
      const { _meta: _, ...rest } = params;
      return Object.keys(rest).length > 0 ? clip(JSON.stringify(rest)) : '';
    }
  }
}
