/** parse_mode → entities: Telegram's HTML and MarkdownV2 rules, offsets in UTF-16, and its error wording. */
import { describe, expect, it } from "vitest";
import { parseHtml, parseMarkdownV2, parseText } from "../../workers/bot-api/parse-mode.ts";

describe("HTML", () => {
  it("turns tags into entities and decodes character references", () => {
    expect(parseHtml('<b>bold</b> &lt;x&gt; <i>it</i> <a href="https://e.com">link</a>')).toEqual({
      text: "bold <x> it link",
      entities: [
        { type: "bold", offset: 0, length: 4 },
        { type: "italic", offset: 9, length: 2 },
        { type: "text_link", offset: 12, length: 4, url: "https://e.com" },
      ],
    });
  });

  it("supports every tag Telegram names, nested", () => {
    const { text, entities } = parseHtml(
      '<strong>a<em>b<u>c<s>d</s></u></em></strong><tg-spoiler>e</tg-spoiler><span class="tg-spoiler">f</span><code>g</code><blockquote>h</blockquote>',
    );
    expect(text).toBe("abcdefgh");
    expect(entities.map((e) => [e.type, e.offset, e.length])).toEqual([
      ["bold", 0, 4],
      ["italic", 1, 3],
      ["underline", 2, 2],
      ["strikethrough", 3, 1],
      ["spoiler", 4, 1],
      ["spoiler", 5, 1],
      ["code", 6, 1],
      ["blockquote", 7, 1],
    ]);
  });

  it("folds <pre><code class=language-x> into one pre with a language", () => {
    expect(parseHtml('<pre><code class="language-ts">let x = 1;</code></pre>').entities).toEqual([
      { type: "pre", offset: 0, length: 10, language: "ts" },
    ]);
  });

  it("counts offsets in UTF-16 code units (emoji take two)", () => {
    expect(parseHtml("😀 <b>hi</b>").entities).toEqual([{ type: "bold", offset: 3, length: 2 }]);
  });

  it("links to users by tg://user?id=", () => {
    expect(parseHtml('<a href="tg://user?id=42">Ann</a>').entities[0]).toMatchObject({
      type: "text_mention",
      user: { id: 42 },
    });
  });

  it("refuses bad markup with Telegram's wording", () => {
    expect(() => parseHtml("<b>open")).toThrow(
      `can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    expect(() => parseHtml("<b>x</i>")).toThrow(
      `can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
    );
    expect(() => parseHtml("<blink>x</blink>")).toThrow(
      `can't parse entities: Unsupported start tag "blink" at byte offset 0`,
    );
    expect(() => parseHtml("a <b")).toThrow("can't parse entities: Unclosed start tag at byte offset 2");
  });
});

describe("MarkdownV2", () => {
  it("parses every style", () => {
    const { text, entities } = parseMarkdownV2("*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://e.com)");
    expect(text).toBe("b i u s sp c l");
    expect(entities).toEqual([
      { type: "bold", offset: 0, length: 1 },
      { type: "italic", offset: 2, length: 1 },
      { type: "underline", offset: 4, length: 1 },
      { type: "strikethrough", offset: 6, length: 1 },
      { type: "spoiler", offset: 8, length: 2 },
      { type: "code", offset: 11, length: 1 },
      { type: "text_link", offset: 13, length: 1, url: "https://e.com" },
    ]);
  });

  it("nests, escapes and keeps code literal", () => {
    expect(parseMarkdownV2("*bold _italic_*")).toEqual({
      text: "bold italic",
      entities: [
        { type: "bold", offset: 0, length: 11 },
        { type: "italic", offset: 5, length: 6 },
      ],
    });
    expect(parseMarkdownV2("1\\.5 \\*not bold\\*").text).toBe("1.5 *not bold*");
    expect(parseMarkdownV2("`a*b_c`").text).toBe("a*b_c");
  });

  it("reads pre blocks with a language", () => {
    expect(parseMarkdownV2("```python\nprint(1)\n```")).toEqual({
      text: "print(1)\n",
      entities: [{ type: "pre", offset: 0, length: 9, language: "python" }],
    });
  });

  it("reads block quotes", () => {
    expect(parseMarkdownV2(">quoted\n>more\nafter")).toEqual({
      text: "quoted\nmore\nafter",
      entities: [{ type: "blockquote", offset: 0, length: 11 }],
    });
  });

  it("refuses unescaped reserved characters and unclosed entities with Telegram's wording", () => {
    expect(() => parseMarkdownV2("Price: 1.5")).toThrow(
      "can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    expect(() => parseMarkdownV2("*open")).toThrow(
      "can't parse entities: Can't find end of Bold entity at byte offset 0",
    );
    expect(() => parseMarkdownV2("ok _x")).toThrow("Can't find end of Italic entity at byte offset 3");
  });
});

describe("parse_mode names", () => {
  it("are case-insensitive and unknown ones are refused", () => {
    expect(parseText("<b>x</b>", "html").entities).toHaveLength(1);
    expect(parseText("*x*", "markdownv2").entities).toHaveLength(1);
    expect(() => parseText("x", "BBCode")).toThrow("unsupported parse_mode");
  });
});
