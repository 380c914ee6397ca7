import { allowedToolsRule } from './allowed-tools';
import { callResultSchemaRule } from './call-result-schema';
import { callResultsRule } from './call-results';
import { approvalsRule } from './approvals';
import { clientClosedEarlyRule } from './client-closed-early';
import { authRule } from './auth';
import { capabilitiesRule } from './capabilities';
import { claudeRule } from './claude';
import { duplicateNamesRule } from './duplicate-names';
import { functionCallsRule } from './function-calls';
import { hiddenCharactersRule } from './hidden-characters';
import { hostRejectedRule } from './host-rejected';
import { invalidFramesRule } from './invalid-frames';
import { limitsRule } from './limits';
import { listChangedRule } from './list-changed';
import { malformedToolRule } from './malformed-tool';
import { paginationRule } from './pagination';
import { deprecatedFeaturesRule, discoverInvalidRule, eraListsDifferRule, eraMixRule, headerMetaRule, hostedEraGapRule, metaRequiredRule, staleListCacheRule } from './protocol-eras';
import { protocolVersionRule, sharedRevisionRule } from './protocol-version';
import { reachabilityRule } from './reachability';
import { redirectsRule } from './redirects';
import { realtimeInterfaceRule } from './realtime-interface';
import { realtimeToolLocationRule } from './realtime-tool-location';
import { responsesErrorRule } from './responses-error';
import type { Rule } from './rule';
import { schemaRiskRule } from './schema-risks';
import { transportRule } from './transport';
import { turnTimingRule } from './turn-timing';
import { unansweredQuestionsRule } from './unanswered-questions';

/** Every finding family, in the order their findings are listed when severities tie. */
export const RULES: readonly { name: string; rule: Rule }[] = [
  { name: 'realtime-interface', rule: realtimeInterfaceRule },
  { name: 'realtime-tool-location', rule: realtimeToolLocationRule },
  { name: 'reachability', rule: reachabilityRule },
  { name: 'host-rejected', rule: hostRejectedRule },
  { name: 'auth', rule: authRule },
  { name: 'transport', rule: transportRule },
  { name: 'redirects', rule: redirectsRule },
  { name: 'shared-revision', rule: sharedRevisionRule },
  { name: 'hosted-era-gap', rule: hostedEraGapRule },
  { name: 'era-lists-differ', rule: eraListsDifferRule },
  { name: 'header-meta', rule: headerMetaRule },
  { name: 'meta-required', rule: metaRequiredRule },
  { name: 'discover-invalid', rule: discoverInvalidRule },
  { name: 'era-mixed', rule: eraMixRule },
  { name: 'responses-error', rule: responsesErrorRule },
  { name: 'call-results', rule: callResultsRule },
  { name: 'claude', rule: claudeRule },
  { name: 'malformed-tool', rule: malformedToolRule },
  { name: 'invalid-frames', rule: invalidFramesRule },
  { name: 'limits', rule: limitsRule },
  { name: 'allowed-tools', rule: allowedToolsRule },
  { name: 'pagination', rule: paginationRule },
  { name: 'capabilities', rule: capabilitiesRule },
  { name: 'list-changed', rule: listChangedRule },
  { name: 'stale-list-cache', rule: staleListCacheRule },
  { name: 'turn-timing', rule: turnTimingRule },
  { name: 'approvals', rule: approvalsRule },
  { name: 'unanswered-questions', rule: unansweredQuestionsRule },
  { name: 'client-closed-early', rule: clientClosedEarlyRule },
  { name: 'duplicate-names', rule: duplicateNamesRule },
  { name: 'function-calls', rule: functionCallsRule },
  { name: 'hidden-characters', rule: hiddenCharactersRule },
  { name: 'call-result-schema', rule: callResultSchemaRule },
  { name: 'schema-risks', rule: schemaRiskRule },
  { name: 'protocol-version', rule: protocolVersionRule },
  { name: 'deprecated-features', rule: deprecatedFeaturesRule },
];
