import type { ReactNode } from 'react';
import { annotationText, base64Bytes, blobView, formatBytes } from './content-view';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A content block's annotations, when it has any: who it is for and how much it matters. */
function Annotations({ block }: { block: Record<string, unknown> }) {
  const text = annotationText(block.annotations);
  return text ? <div className="content-annotations muted" data-testid="content-annotations">{text}</div> : null;
}

/** A block with a kind label above its body (links, resources, media), so each block reads as what it is. */
function Card({ kind, testId, children, block }: { kind: string; testId: string; children: ReactNode; block: Record<string, unknown> }) {
  return (
    <div className="content-card" data-testid={testId}>
      <div className="content-kind">{kind}</div>
      {children}
      <Annotations block={block} />
    </div>
  );
}

/** One resource's contents (an embedded resource, or an entry of a resources/read answer): text shown, blobs measured and, when text or image, drawn. */
export function ResourceContents({ contents }: { contents: Record<string, unknown> }) {
  const mimeType = str(contents.mimeType);
  const blob = str(contents.blob);
  const view = blob !== undefined ? blobView(blob, mimeType) : undefined;
  return (
    <div className="resource-contents">
      <div><code className="content-uri">{String(contents.uri)}</code>{mimeType && <span className="muted"> {mimeType}</span>}{view && <span className="muted"> · base64 blob, {formatBytes(view.bytes)}</span>}</div>
      {typeof contents.text === 'string' && <pre className="raw content-text" data-testid="content-text">{contents.text}</pre>}
      {view?.text !== undefined && <pre className="raw content-text" data-testid="content-blob-text">{view.text}</pre>}
      {view?.image && <img className="content-image" alt={`image resource (${mimeType})`} src={`data:${mimeType};base64,${blob}`} />}
    </div>
  );
}

function Block({ block }: { block: unknown }) {
  if (!isRecord(block)) return <pre className="raw">{JSON.stringify(block)}</pre>;
  const mimeType = str(block.mimeType) ?? '';
  const data = str(block.data);
  switch (block.type) {
    case 'text':
      return <div className="content-text-block"><pre className="raw content-text" data-testid="content-text">{String(block.text)}</pre><Annotations block={block} /></div>;
    case 'image':
      if (data !== undefined && mimeType.startsWith('image/')) {
        return (
          <Card kind={`image · ${mimeType} · ${formatBytes(base64Bytes(data))}`} testId="content-image" block={block}>
            <img className="content-image" alt={`image content (${mimeType})`} src={`data:${mimeType};base64,${data}`} />
          </Card>
        );
      }
      break;
    case 'audio':
      if (data !== undefined && mimeType.startsWith('audio/')) {
        return <Card kind={`audio · ${mimeType} · ${formatBytes(base64Bytes(data))}`} testId="content-audio" block={block}><audio controls src={`data:${mimeType};base64,${data}`} /></Card>;
      }
      break;
    case 'resource_link':
      return (
        <Card kind="resource link" testId="content-resource-link" block={block}>
          <div><strong>{str(block.title) ?? str(block.name) ?? ''}</strong> <code className="content-uri">{String(block.uri)}</code>{mimeType && <span className="muted"> {mimeType}</span>}</div>
          {str(block.description) && <div className="muted">{str(block.description)}</div>}
        </Card>
      );
    case 'resource':
      if (isRecord(block.resource)) return <Card kind="embedded resource" testId="content-resource" block={block}><ResourceContents contents={block.resource} /></Card>;
      break;
  }
  // Anything else (an unknown type, a malformed block) is shown whole rather than dropped.
  return <pre className="raw" data-testid="content-raw">{JSON.stringify(block, null, 2)}</pre>;
}

/** MCP content blocks as they would reach a user: text, images and audio drawn from their data, resource links, embedded resources. */
export function ContentBlocks({ content }: { content: unknown }) {
  if (!Array.isArray(content)) return null;
  return <div className="content-blocks">{content.map((block, i) => <Block key={i} block={block} />)}</div>;
}
