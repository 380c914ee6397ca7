import type { ServerDescription } from '../../../shared/lanes/server-description';
import type { InspectorLaneOptions } from './inspector-lane';
import type { ServerTarget } from './server-target';

/**
 * The Inspector lane's view of the shared server description: the same URL or command, headers
 * and token the hosted lanes give OpenAI. `allowed_tools` and `require_approval` are OpenAI's
 * filters; the Inspector lists what the server offers, and the diagnosis applies the filter when
 * it compares the lists.
 */
export function inspectorOptionsFor(server: ServerDescription): Pick<InspectorLaneOptions, 'target' | 'transport' | 'headers' | 'bearerToken'> {
  const target: ServerTarget = server.stdio
    ? { kind: 'stdio', command: server.stdio.command, args: server.stdio.args, ...(server.stdio.cwd ? { cwd: server.stdio.cwd } : {}), ...(server.stdio.env ? { env: server.stdio.env } : {}) }
    : { kind: 'http', url: new URL(server.url ?? '') };
  return {
    target,
    transport: server.transport,
    headers: server.headers,
    ...(server.authorization !== undefined ? { bearerToken: server.authorization } : {}),
  };
}
