/**
 * What the composer sends: `**bold**`, `__italic__`, `` `code` `` become
 * entities (markers removed), and bare links become URL entities.
 */
import type { MessageEntity } from "../../../../protocol/model/message.ts";

const MARKS: [string, MessageEntity["_"]][] = [
  ["**", "messageEntityBold"],
  ["__", "messageEntityItalic"],
  ["`", "messageEntityCode"],
];
const URL_RE = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/gi;

export function parseMarkup(input: string): { text: string; entities: MessageEntity[] } {
  let text = "";
  const entities: MessageEntity[] = [];
  let i = 0;
  outer: while (i < input.length) {
    for (const [mark, kind] of MARKS) {
      if (input.startsWith(mark, i)) {
        const end = input.indexOf(mark, i + mark.length);
        if (end > i + mark.length) {
          const inner = input.slice(i + mark.length, end);
          if (!inner.includes("\n") || kind !== "messageEntityCode") {
            entities.push({ _: kind, offset: text.length, length: inner.length } as MessageEntity);
            text += inner;
            i = end + mark.length;
            continue outer;
          }
        }
      }
    }
    text += input[i];
    i++;
  }
  for (const m of text.matchAll(URL_RE)) {
    const offset = m.index ?? 0;
    if (!entities.some((e) => offset < e.offset + e.length && e.offset < offset + m[0].length))
      entities.push({ _: "messageEntityUrl", offset, length: m[0].length });
  }
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}
