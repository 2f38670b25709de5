/**
 * Text with its emoji drawn as the app's own Twemoji images, so no emoji font is
 * needed; the parser keeps flags, ZWJ families and skin tones as one image each.
 */
import { parse } from "@twemoji/parser";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

const urlOf = (codepoints: string) => `/emoji/${codepoints}.svg`;

/** The image URL of one emoji (grapheme), or undefined if it is not an emoji. */
export function emojiUrl(emoji: string): string | undefined {
  const [first] = parse(emoji, { buildUrl: urlOf });
  return first && first.indices[0] === 0 && first.indices[1] === emoji.length ? first.url : undefined;
}

/** One emoji as an image; if this set lacks it, the character (or nothing, where a list would show a box). */
export function Emoji(props: { emoji: string; url?: string | undefined; hideMissing?: boolean }) {
  const { emoji, url = emojiUrl(emoji) } = props;
  const [missing, setMissing] = useState(false);
  if (!url || missing) return props.hideMissing ? null : <>{emoji}</>;
  return <img class="emoji" src={url} alt={emoji} draggable={false} onError={() => setMissing(true)} />;
}

export function EmojiText({ text }: { text: string }) {
  const found = parse(text, { buildUrl: urlOf });
  if (!found.length) return <>{text}</>;
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const e of found) {
    const [from, to] = e.indices;
    if (from > at) parts.push(text.slice(at, from));
    parts.push(<Emoji key={from} emoji={e.text} url={e.url} />);
    at = to;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
