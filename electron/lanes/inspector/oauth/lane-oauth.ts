import type { CaptureSink } from '../../../../shared/capture/envelope';
import { createRecordingFetch, type RecordingFetch } from '../recording-fetch';
import { WireRecorder } from '../wire-recorder';
import { OAuthSession } from './oauth-session';
import type { OAuthSettings } from './oauth-settings';

/** The conn suffix of the OAuth requests (discovery, registration, authorize, token): not MCP, so kept apart from the MCP exchanges. */
export const OAUTH_CONN_SUFFIX = '-oauth';

export interface LaneOAuth {
  session: OAuthSession;
  http: RecordingFetch;
  close(): Promise<void>;
}

/**
 * Sets up OAuth for one Inspector lane run: its own recorded connection for the authorization
 * server traffic, and each step of the flow as an `auth-step` meta event on the lane's log.
 */
export async function startLaneOAuth(settings: OAuthSettings, serverUrl: URL, sink: CaptureSink, prefix: string, signal?: AbortSignal): Promise<LaneOAuth> {
  const laneLog = new WireRecorder(sink, prefix, 'inspector', { index: false });
  const http = createRecordingFetch(new WireRecorder(sink, `${prefix}${OAUTH_CONN_SUFFIX}`, 'inspector', { index: false }), { jsonRpc: false });
  const session = await OAuthSession.start({
    settings, serverUrl, authFetch: http.fetch, signal,
    note: (step, fields) => laneLog.meta('auth-step', { step, ...fields }),
  });
  return {
    session, http,
    close: async () => {
      await session.close();
      http.abortAll('closed by MCP Parallax at the end of the probe');
      await http.settled();
    },
  };
}
