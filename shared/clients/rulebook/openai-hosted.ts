import type { RuleFileInput } from './schema';

/**
 * OpenAI's hosted MCP client, as the Responses API and a Realtime session use it. OpenAI does not
 * document hosted MCP's limits on names, counts or schemas; these rules carry over its documented
 * function-calling rules, so their effect is a warning, never a certain drop.
 */
const FUNCTION_NAMES = 'https://platform.openai.com/docs/api-reference/responses/create';
const FUNCTION_GUIDE = 'https://platform.openai.com/docs/guides/function-calling';
const HOSTED_MCP = 'https://platform.openai.com/docs/guides/tools-connectors-mcp';

export const openAiHosted: RuleFileInput = {
  clients: [
    { id: 'openai-responses', short: 'Responses', name: 'OpenAI Responses (hosted MCP)', docs: HOSTED_MCP },
    { id: 'openai-realtime', short: 'Realtime', name: 'OpenAI Realtime (hosted MCP)', docs: 'https://platform.openai.com/docs/guides/realtime-mcp' },
  ],
  rules: [
    {
      id: 'openai-responses.name-pattern', client: 'openai-responses', versions: 'all (GA Responses API)',
      title: 'Tool name outside OpenAI\'s function-name pattern',
      condition: { kind: 'name-not-matching', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
      effect: 'warning', confidence: 'documented', lint: 'always',
      sources: [{ url: FUNCTION_NAMES, fact: 'Function tool names are limited to letters, digits, underscores and dashes, at most 64 characters; MCP also allows "." and "/". Whether hosted MCP import applies the rule is not documented.' }],
      fix: 'Rename the tool to letters, digits, "_" and "-" only, at most 64 characters.',
    },
    {
      id: 'openai-responses.description-long', client: 'openai-responses', versions: 'all',
      title: 'Description longer than OpenAI\'s 1024-character function description',
      condition: { kind: 'description-longer-than', max: 1024 },
      effect: 'warning', confidence: 'documented', lint: 'always',
      sources: [{ url: FUNCTION_GUIDE, fact: 'OpenAI documents function descriptions of up to 1024 characters; a longer MCP description may be cut or refused on import (undocumented for hosted MCP).' }],
      fix: 'Shorten the description to a few sentences (under 1024 characters); put long documentation elsewhere.',
    },
    {
      id: 'openai-responses.too-many-tools', client: 'openai-responses', versions: 'all',
      title: 'More tools than OpenAI takes in one request (128)',
      condition: { kind: 'tool-count-above', max: 128 },
      effect: 'warning', confidence: 'documented', lint: 'always',
      sources: [{ url: 'https://platform.openai.com/docs/api-reference/chat/create', fact: 'The API reference allows at most 128 functions in one request\'s tools; whether hosted MCP applies it to an imported server is undocumented.' }],
      fix: 'Use allowed_tools to import only the tools the model needs (at most 128).',
    },
    {
      id: 'openai-responses.schema-ref', client: 'openai-responses', versions: 'all',
      title: 'inputSchema uses $ref or $defs',
      condition: { kind: 'schema-keyword', keywords: ['$ref', '$defs', 'definitions'], where: 'anywhere' },
      effect: 'warning', confidence: 'reported', lint: 'when-lanes-differ',
      sources: [{ url: 'https://github.com/PrefectHQ/fastmcp/pull/2808', fact: 'FastMCP inlines $ref by default because popular MCP clients mishandle references; OpenAI does not document how hosted MCP treats them.' }],
      fix: 'Inline $ref/$defs in inputSchema (FastMCP 3+ does by default).',
    },
    {
      id: 'openai-responses.nullable-anyof', client: 'openai-responses', versions: 'all',
      title: 'Optional parameter written as anyOf [..., {type:"null"}]',
      condition: { kind: 'schema-nullable', form: 'anyOf' },
      effect: 'warning', confidence: 'documented', lint: 'when-lanes-differ',
      sources: [{ url: FUNCTION_GUIDE, fact: 'OpenAI\'s function-calling guide asks for simple optional parameters; hosted MCP may normalise a nullable union, so the model sees a different schema.' }],
      fix: 'Write optional parameters as a plain type left out of "required" instead of anyOf [..., {type:"null"}].',
    },
    {
      id: 'openai-realtime.name-pattern', client: 'openai-realtime', versions: 'GA Realtime API',
      title: 'Tool name outside OpenAI\'s function-name pattern',
      condition: { kind: 'name-not-matching', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
      effect: 'warning', confidence: 'documented', lint: 'always',
      sources: [{ url: 'https://platform.openai.com/docs/api-reference/realtime-client-events/session/update', fact: 'Realtime sessions take tools with the same function-name rules as the Responses API; MCP names with "." or "/" fall outside them (undocumented for MCP import).' }],
      fix: 'Rename the tool to letters, digits, "_" and "-" only, at most 64 characters.',
    },
    {
      id: 'openai-realtime.schema-ref', client: 'openai-realtime', versions: 'GA Realtime API',
      title: 'inputSchema uses $ref or $defs',
      condition: { kind: 'schema-keyword', keywords: ['$ref', '$defs', 'definitions'], where: 'anywhere' },
      effect: 'warning', confidence: 'reported', lint: 'when-lanes-differ',
      sources: [{ url: 'https://github.com/PrefectHQ/fastmcp/pull/2808', fact: 'FastMCP inlines $ref by default because popular MCP clients mishandle references; the Realtime API documents no rule for them.' }],
      fix: 'Inline $ref/$defs in inputSchema (FastMCP 3+ does by default).',
    },
    {
      id: 'openai-realtime.description-long', client: 'openai-realtime', versions: 'GA Realtime API',
      title: 'Description longer than OpenAI\'s 1024-character function description',
      condition: { kind: 'description-longer-than', max: 1024 },
      effect: 'warning', confidence: 'documented', lint: 'always',
      sources: [{ url: FUNCTION_GUIDE, fact: 'OpenAI documents function descriptions of up to 1024 characters; a Realtime session importing a longer MCP description may cut or refuse it.' }],
      fix: 'Shorten the description to a few sentences (under 1024 characters).',
    },
  ],
};
