/** One line per MCP content block, for the CLI's plain output: text as is (clipped), media and resources by what they are. */
const MAX_TEXT = 2000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}... (${text.length} characters)` : text);

export function describeContentBlock(block: unknown): string {
  if (!isRecord(block)) return `(not a content block: ${JSON.stringify(block)})`;
  switch (block.type) {
    case 'text': return typeof block.text === 'string' ? clip(block.text) : '(text block without text)';
    case 'image':
    case 'audio': return `[${block.type} ${String(block.mimeType ?? '?')}, ${typeof block.data === 'string' ? Math.floor(block.data.length * 3 / 4) : '?'} bytes]`;
    case 'resource_link': return `[resource link ${String(block.uri ?? '?')}${typeof block.name === 'string' ? ` "${block.name}"` : ''}]`;
    case 'resource': {
      const resource = isRecord(block.resource) ? block.resource : {};
      return `[embedded resource ${String(resource.uri ?? '?')}${typeof resource.text === 'string' ? `: ${clip(resource.text)}` : typeof resource.blob === 'string' ? ` (${String(resource.mimeType ?? 'binary')})` : ''}]`;
    }
    default: return `[${String(block.type)} block]`;
  }
}

export function describeContent(content: unknown): string[] {
  return Array.isArray(content) ? content.map(describeContentBlock) : [];
}
