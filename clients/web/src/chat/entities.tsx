/** Renders message text with its entities (bold, italic, code, links, mentions …); nesting is allowed. */
import type { ComponentChildren } from "preact";
import type { MessageEntity } from "../../../../protocol/model/message.ts";
import { EmojiText } from "../emoji/emoji-text.tsx";

export function Entities({ text, entities }: { text: string; entities: MessageEntity[] }) {
  if (!entities.length) return <EmojiText text={text} />;
  const cuts = new Set([0, text.length]);
  for (const e of entities) {
    cuts.add(Math.min(e.offset, text.length));
    cuts.add(Math.min(e.offset + e.length, text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: ComponentChildren[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    let node: ComponentChildren = <EmojiText text={text.slice(from, to)} />;
    for (const e of entities) if (e.offset <= from && e.offset + e.length >= to) node = wrap(e, node, text);
    parts.push(<span key={from}>{node}</span>);
  }
  return <>{parts}</>;
}

function wrap(e: MessageEntity, child: ComponentChildren, text: string): ComponentChildren {
  const whole = text.slice(e.offset, e.offset + e.length);
  switch (e._) {
    case "messageEntityBold":
      return <strong>{child}</strong>;
    case "messageEntityItalic":
      return <em>{child}</em>;
    case "messageEntityUnderline":
      return <u>{child}</u>;
    case "messageEntityStrike":
      return <s>{child}</s>;
    case "messageEntitySpoiler":
      return <span class="spoiler">{child}</span>;
    case "messageEntityCode":
      return <code>{child}</code>;
    case "messageEntityPre":
      return <pre>{child}</pre>;
    case "messageEntityBlockquote":
      return <blockquote>{child}</blockquote>;
    case "messageEntityUrl":
      return link(/^[a-z]+:\/\//i.test(whole) ? whole : `https://${whole}`, child);
    case "messageEntityTextUrl":
      return link(e.url, child);
    case "messageEntityEmail":
      return <a href={`mailto:${whole}`}>{child}</a>;
    case "messageEntityPhone":
      return <a href={`tel:${whole}`}>{child}</a>;
    default:
      return <span class="accent">{child}</span>;
  }
}

function link(url: string, child: ComponentChildren) {
  if (!/^https?:\/\//i.test(url)) return <span class="accent">{child}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {child}
    </a>
  );
}
