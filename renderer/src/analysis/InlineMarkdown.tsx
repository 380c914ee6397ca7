import type { ReactNode } from 'react';

/**
 * Findings use `code` spans for names and event types. Only backticks are honoured, and every
 * piece becomes a text node: a hostile tool name can never become markup.
 */
export function InlineMarkdown({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  text.split(/(`[^`]+`)/g).forEach((part, i) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) parts.push(<code key={i}>{part.slice(1, -1)}</code>);
    else if (part) parts.push(part);
  });
  return <>{parts}</>;
}
