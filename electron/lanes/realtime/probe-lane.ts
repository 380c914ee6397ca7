import { redactUrl } from '../../../shared/security/secret-names';
import { redactedServerDescription, type ServerDescription } from '../../../shared/lanes/server-description';
import type { ProbeLane } from '../../probe/probe-lane';
import { badInputRun, hostedLaneRun } from '../wire/describe-hosted';
import { hostedSettingsOf, hostedSkipReason, serverDescriptionOf, type HostedLaneSettings } from '../wire/hosted-probe-settings';
import { DEFAULT_REALTIME_MODEL, DEFAULT_REALTIME_URL, realtimeUrlFor, realtimeUrlFromBase, runRealtimeLane } from './realtime-lane';

/** The Realtime URL to open; the API needs `?model=`, so a URL without one gets the default model. */
function endpointOf(settings: HostedLaneSettings): string {
  if (settings.url) {
    const url = realtimeUrlFor(settings.url, settings.model);
    return new URL(url).searchParams.has('model') ? url : realtimeUrlFor(url, DEFAULT_REALTIME_MODEL);
  }
  if (settings.baseUrl) return realtimeUrlFromBase(settings.baseUrl, settings.model);
  return realtimeUrlFor(DEFAULT_REALTIME_URL, settings.model);
}

/** The Realtime lane as `parallax probe` and the Setup screen run it. */
export const realtimeProbeLane: ProbeLane = {
  id: 'realtime',
  skipReason: (options) => hostedSkipReason(options, 'realtime'),
  config(options) {
    let settings: HostedLaneSettings = {};
    let server: Record<string, unknown> = { target: redactUrl(options.server).url };
    try {
      settings = hostedSettingsOf(options, 'realtime');
      server = redactedServerDescription(serverDescriptionOf(options, settings));
    } catch {
      // Bad settings or server: run() reports them as the lane's failure; the header keeps the plain target.
    }
    return {
      lane: 'realtime', conn: 'realtime', server,
      settings: { endpoint: endpointOf(settings), interface: settings.beta ? 'beta' : 'ga', sessionUpdate: settings.sessionUpdate !== undefined ? 'custom' : 'generated', apiKey: settings.apiKey ? '[redacted]' : 'none', call: options.call?.name },
    };
  },
  async run(options, sink, signal) {
    let settings: HostedLaneSettings;
    let server: ServerDescription;
    let url: string;
    try {
      settings = hostedSettingsOf(options, 'realtime');
      server = serverDescriptionOf(options, settings);
      url = endpointOf(settings);
    } catch (error) {
      return badInputRun(error);
    }
    const result = await runRealtimeLane({
      server,
      apiKey: settings.apiKey ?? null,
      url,
      beta: settings.beta ?? false,
      ...(settings.sessionUpdate !== undefined ? { sessionUpdate: settings.sessionUpdate } : {}),
      ...(options.call ? { call: options.call } : {}),
      ...(settings.approve ? { approve: settings.approve } : {}),
      ...(settings.onProgress ? { onProgress: settings.onProgress } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      signal,
    }, sink);
    return hostedLaneRun(result);
  },
};
