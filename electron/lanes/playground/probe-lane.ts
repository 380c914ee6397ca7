import { redactUrl } from '../../../shared/security/secret-names';
import { redactedServerDescription, type ServerDescription } from '../../../shared/lanes/server-description';
import type { ProbeLane } from '../../probe/probe-lane';
import { badInputRun, hostedLaneRun } from '../wire/describe-hosted';
import { hostedSettingsOf, hostedSkipReason, serverDescriptionOf, type HostedLaneSettings } from '../wire/hosted-probe-settings';
import { DEFAULT_OPENAI_BASE_URL, DEFAULT_RESPONSES_MODEL, runPlaygroundLane } from './playground-lane';

/** The Playground lane as `parallax probe` and the Setup screen run it. */
export const playgroundProbeLane: ProbeLane = {
  id: 'playground',
  skipReason: (options) => hostedSkipReason(options, 'playground'),
  config(options) {
    let settings: HostedLaneSettings = {};
    let server: Record<string, unknown> = { target: redactUrl(options.server).url };
    try {
      settings = hostedSettingsOf(options, 'playground');
      server = redactedServerDescription(serverDescriptionOf(options, settings));
    } catch {
      // Bad settings or server: run() reports them as the lane's failure; the header keeps the plain target.
    }
    return {
      lane: 'playground', conn: 'playground', server,
      settings: { endpoint: `${settings.baseUrl ?? DEFAULT_OPENAI_BASE_URL}/responses`, model: settings.model ?? DEFAULT_RESPONSES_MODEL, apiKey: settings.apiKey ? '[redacted]' : 'none', call: options.call?.name },
    };
  },
  async run(options, sink, signal) {
    let settings: HostedLaneSettings;
    let server: ServerDescription;
    try {
      settings = hostedSettingsOf(options, 'playground');
      server = serverDescriptionOf(options, settings);
    } catch (error) {
      return badInputRun(error);
    }
    const result = await runPlaygroundLane({
      server,
      apiKey: settings.apiKey ?? null,
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      ...(settings.model ? { model: settings.model } : {}),
      ...(options.call ? { call: options.call } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(settings.approve ? { approve: settings.approve } : {}),
      ...(settings.onProgress ? { onProgress: settings.onProgress } : {}),
      signal,
    }, sink);
    return hostedLaneRun(result);
  },
};
