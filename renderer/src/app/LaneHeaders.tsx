import type { LaneId } from '../../../shared/capture/envelope';
import type { LaneState } from '../../../shared/ipc/contract';

const WHO: Record<LaneId, [string, string]> = {
  inspector: ['Inspector', 'Parallax’s own MCP client (official SDK)'],
  era: ['Inspector (other revision)', 'The same MCP client again, speaking the second protocol revision chosen to compare with'],
  playground: ['Playground', 'OpenAI’s hosted MCP client via POST /v1/responses'],
  realtime: ['Realtime', 'OpenAI’s hosted MCP client via a Realtime WebSocket'],
  server: ['Server', 'What the server received, through the recording proxy'],
  client: ['Your client', 'Your Realtime client, through the local tap'],
  claude: ['Claude', 'Anthropic’s MCP connector via POST /v1/messages (mcp_servers + mcp_toolset)'],
};

/** One header per lane: who speaks to the server in it, and how that lane is doing. */
export function LaneHeaders({ lanes, states }: { lanes: LaneId[]; states: LaneState[] }) {
  return (
    <div className="lane-headers" style={{ gridTemplateColumns: `76px repeat(${lanes.length}, minmax(0, 1fr))` }}>
      <div />
      {lanes.map((lane) => {
        const state = states.find((s) => s.lane === lane);
        return (
          <section key={lane} className="lane-header" aria-labelledby={`lane-${lane}`} data-testid={`lane-${lane}`}>
            <div className="lane-title-row">
              <h2 id={`lane-${lane}`}>{WHO[lane][0]}</h2>
              {state && <span className={`status status-${state.status}`} data-testid={`lane-status-${lane}`}>{state.status}{state.toolCount !== null ? ` · ${state.toolCount} tools` : ''}</span>}
              <p title={state?.detail || WHO[lane][1]}>{state?.detail || WHO[lane][1]}</p>
            </div>
          </section>
        );
      })}
    </div>
  );
}
