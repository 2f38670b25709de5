/**
 * parse_mode → plain text + entities, following Telegram's rules (tdlib's
 * parse_html / parse_markdown_v2) down to the error wording, so bots that
 * rely on a failure for bad markup see the same one. Offsets and lengths
 * count UTF-16 code units; "byte offset" in errors counts UTF-8 bytes.
 *
 * Written here because no maintained JS package implements Telegram's exact
 * grammar and errors: markdown libraries parse CommonMark (a different
 * language), mtcute's parsers use their own dialect and pull in its client.
 */
import type { MessageEntity } from "@grammyjs/types";
import { RpcError } from "../../protocol/errors.ts";

export type ParseMode = "HTML" | "MarkdownV2" | "Markdown";

export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const fail = (why: string) => new RpcError(400, `can't parse entities: ${why}`);
const byteOffset = (s: string, i: number) => new TextEncoder().encode(s.slice(0, i)).length;

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}

export function parseText(text: string, mode: string): Formatted {
  const m = mode.toLowerCase();
  if (m === "html") return parseHtml(text);
  if (m === "markdownv2") return parseMarkdownV2(text);
  if (m === "markdown") return parseMarkdownV2(text, true);
  throw new RpcError(400, `unsupported parse_mode`);
}

// ------------------------------------------------------------------ HTML

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
const SIMPLE_TAGS: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  code: "code",
  pre: "pre",
  "tg-spoiler": "spoiler",
  blockquote: "blockquote",
};

function decodeEntity(src: string, i: number): { text: string; end: number } | null {
  const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/.exec(src.slice(i, i + 12));
  if (!m) return null;
  const body = m[1] as string;
  let text: string | undefined;
  if (body.startsWith("#x")) text = safeCodePoint(Number.parseInt(body.slice(2), 16));
  else if (body.startsWith("#")) text = safeCodePoint(Number.parseInt(body.slice(1), 10));
  else text = NAMED[body];
  return text === undefined ? null : { text, end: i + m[0].length };
}

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined;
}

interface OpenTag {
  name: string;
  offset: number;
  attrs: Record<string, string>;
}

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of src.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const raw = m[2] ?? m[3] ?? m[4] ?? "";
    attrs[(m[1] as string).toLowerCase()] = raw.replace(/&(lt|gt|amp|quot);/g, (_, n: string) => NAMED[n] ?? "");
  }
  return attrs;
}

export function parseHtml(src: string): Formatted {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "&") {
      const d = decodeEntity(src, i);
      if (d) {
        text += d.text;
        i = d.end;
        continue;
      }
      text += c;
      i++;
      continue;
    }
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const end = src.indexOf(">", i);
    if (end < 0) throw fail(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const tagSrc = src.slice(i + 1, end);
    if (tagSrc.startsWith("/")) {
      const name = tagSrc.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw fail(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (open.name !== name)
        throw fail(
          `Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${open.name}>", found "</${name}>"`,
        );
      closeHtmlTag(open, text, entities);
    } else {
      const m = /^([a-zA-Z][a-zA-Z0-9-]*)(\s[\s\S]*)?$/.exec(tagSrc.replace(/\/$/, ""));
      const name = m?.[1]?.toLowerCase();
      if (!m || !name) throw fail(`Unsupported start tag at byte offset ${byteOffset(src, i)}`);
      const attrs = parseAttrs(m[2] ?? "");
      const known =
        name in SIMPLE_TAGS || name === "a" || name === "tg-emoji" || (name === "span" && attrs.class === "tg-spoiler");
      if (!known) throw fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
      if (name === "span" && attrs.class !== "tg-spoiler")
        throw fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
      stack.push({ name, offset: text.length, attrs });
    }
    i = end + 1;
  }
  const open = stack.pop();
  if (open) throw fail(`Can't find end tag corresponding to start tag "${open.name}"`);
  return { text, entities: mergePreCode(sortEntities(entities)) };
}

function closeHtmlTag(open: OpenTag, text: string, entities: MessageEntity[]): void {
  const offset = open.offset;
  const length = text.length - offset;
  if (length === 0) return;
  if (open.name === "a") {
    const href = open.attrs.href ?? "";
    const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
    if (mention)
      entities.push({
        type: "text_mention",
        offset,
        length,
        user: { id: Number(mention[1]), is_bot: false, first_name: "" },
      });
    else if (/^(https?|tg):\/\//i.test(href)) entities.push({ type: "text_link", offset, length, url: href });
    else if (href && /^[\w.-]+\.[a-z]{2,}(\/\S*)?$/i.test(href))
      entities.push({ type: "text_link", offset, length, url: `http://${href}` });
    return;
  }
  if (open.name === "tg-emoji") return;
  if (open.name === "span") {
    entities.push({ type: "spoiler", offset, length });
    return;
  }
  const type = SIMPLE_TAGS[open.name] as MessageEntity["type"];
  if (type === "code" && open.attrs.class?.startsWith("language-")) {
    // <pre><code class="language-x"> becomes one pre entity with a language.
    entities.push({ type: "code", offset, length, language: open.attrs.class.slice(9) } as never);
    return;
  }
  entities.push({ type, offset, length } as MessageEntity);
}

/** Folds `<pre><code class="language-x">` into `pre` with `language`, as Telegram does. */
function mergePreCode(entities: MessageEntity[]): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const e of entities) {
    const lang = (e as { language?: string }).language;
    if (e.type === "code" && lang !== undefined) {
      const pre = entities.find((p) => p.type === "pre" && p.offset === e.offset && p.length === e.length);
      if (pre) (pre as { language?: string }).language = lang;
      else out.push({ type: "code", offset: e.offset, length: e.length });
      continue;
    }
    out.push(e);
  }
  return out;
}

// ------------------------------------------------------------------ MarkdownV2

const RESERVED = new Set("_*[]()~`>#+-=|{}.!");
const NAMES: Record<string, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
};

interface MdOpen {
  type: string;
  offset: number;
  byte: number;
}

export function parseMarkdownV2(src: string, legacy = false): Formatted {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: MdOpen[] = [];
  let quoteStart = -1;
  let i = 0;
  const top = () => stack[stack.length - 1];
  while (i < src.length) {
    const c = src[i] as string;
    const lineStart = i === 0 || src[i - 1] === "\n";
    if (c === "\\" && i + 1 < src.length && (src.codePointAt(i + 1) ?? 0) <= 126) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    const t = top();
    const inCode = t?.type === "code" || t?.type === "pre";
    if (inCode && c !== "`") {
      text += c;
      i++;
      continue;
    }
    if (!legacy && lineStart && c === ">" && stack.length === 0) {
      if (quoteStart < 0) quoteStart = text.length;
      i++;
      continue;
    }
    if (c === "\n" && quoteStart >= 0 && src[i + 1] !== ">") {
      entities.push({ type: "blockquote", offset: quoteStart, length: text.length - quoteStart });
      quoteStart = -1;
    }
    if (!RESERVED.has(c)) {
      text += c;
      i++;
      continue;
    }
    // Which delimiter starts here?
    let type: string | null = null;
    let width = 1;
    if (c === "*") type = "bold";
    else if (c === "_") {
      if (!legacy && src[i + 1] === "_" && !(t?.type === "italic" && src[i + 2] !== "_")) {
        type = "underline";
        width = 2;
      } else type = "italic";
    } else if (c === "~" && !legacy) type = "strikethrough";
    else if (c === "|" && src[i + 1] === "|" && !legacy) {
      type = "spoiler";
      width = 2;
    } else if (c === "`") {
      if (src.startsWith("```", i)) {
        type = "pre";
        width = 3;
      } else type = "code";
    } else if (c === "[") type = "text_link";
    else if (c === "]" && t?.type === "text_link") type = "text_link";
    if (type === null) {
      if (legacy) {
        text += c;
        i++;
        continue;
      }
      throw fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    if (t && t.type === type && (c !== "[" || type !== "text_link")) {
      stack.pop();
      i += width;
      if (type === "text_link") {
        // `[text](url)`: without a URL the text stays plain.
        let url = "";
        if (src[i] === "(") {
          const close = findUrlEnd(src, i + 1);
          if (close < 0) throw fail(`Can't find end of a URL at byte offset ${byteOffset(src, i)}`);
          url = src.slice(i + 1, close).replace(/\\([)\\])/g, "$1");
          i = close + 1;
        }
        const length = text.length - t.offset;
        const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
        if (length > 0 && mention)
          entities.push({
            type: "text_mention",
            offset: t.offset,
            length,
            user: { id: Number(mention[1]), is_bot: false, first_name: "" },
          });
        else if (length > 0 && /^(https?|tg):\/\//i.test(url))
          entities.push({ type: "text_link", offset: t.offset, length, url });
        continue;
      }
      if (type === "pre") {
        const body = text.slice(t.offset);
        const nl = body.indexOf("\n");
        const firstLine = nl >= 0 ? body.slice(0, nl) : "";
        if (nl >= 0 && /^[a-zA-Z0-9_+#-]*$/.test(firstLine) && firstLine.length > 0) {
          text = text.slice(0, t.offset) + body.slice(nl + 1);
          entities.push({ type: "pre", offset: t.offset, length: text.length - t.offset, language: firstLine });
        } else {
          if (nl === 0) text = text.slice(0, t.offset) + body.slice(1);
          entities.push({ type: "pre", offset: t.offset, length: text.length - t.offset });
        }
        continue;
      }
      entities.push({ type, offset: t.offset, length: text.length - t.offset } as MessageEntity);
      continue;
    }
    if (c === "]") throw fail(`Character ']' is reserved and must be escaped with the preceding '\\'`);
    stack.push({ type, offset: text.length, byte: byteOffset(src, i) });
    i += width;
  }
  if (quoteStart >= 0) entities.push({ type: "blockquote", offset: quoteStart, length: text.length - quoteStart });
  const open = stack.pop();
  if (open) throw fail(`Can't find end of ${NAMES[open.type] ?? open.type} entity at byte offset ${open.byte}`);
  return { text, entities: sortEntities(entities) };
}

function findUrlEnd(src: string, from: number): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === ")") return j;
  }
  return -1;
}
