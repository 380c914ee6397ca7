import { claudeCode } from './claude-code';
import { claudeConnector } from './claude-connector';
import { cursor } from './cursor';
import { geminiCli } from './gemini-cli';
import { githubCopilot } from './github-copilot';
import { openAiAgentsSdk } from './openai-agents-sdk';
import { openAiHosted } from './openai-hosted';
import { vscode } from './vscode';
import { loadRulebook, type Rulebook } from './load';

/** Every rule file, by the name an error about it should give. Adding a client is adding a file here. */
export const RULE_FILES: readonly { file: string; data: unknown }[] = [
  { file: 'openai-hosted.ts', data: openAiHosted },
  { file: 'openai-agents-sdk.ts', data: openAiAgentsSdk },
  { file: 'claude-connector.ts', data: claudeConnector },
  { file: 'claude-code.ts', data: claudeCode },
  { file: 'cursor.ts', data: cursor },
  { file: 'vscode.ts', data: vscode },
  { file: 'gemini-cli.ts', data: geminiCli },
  { file: 'github-copilot.ts', data: githubCopilot },
];

/** The validated rulebook; a bad rule file throws here, naming the rule and the field. */
export const RULEBOOK: Rulebook = loadRulebook(RULE_FILES);
