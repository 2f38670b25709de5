/** The terminal client's command line: global options anywhere, `~` expanded. */
import { describe, expect, it } from "vitest";
import { splitCommand } from "../../../clients/desktop/argv.ts";
import { configDirOf, expandHome } from "../../../clients/desktop/config.ts";

describe("edgegram command line", () => {
  it("finds the command after global options, skipping their values", () => {
    expect(splitCommand(["--config-dir", "/tmp/x", "chats", "--json"])).toEqual({
      name: "chats",
      rest: ["--config-dir", "/tmp/x", "--json"],
    });
    expect(splitCommand(["--json", "--server", "http://h:1", "send", "@bob", "hi"])).toEqual({
      name: "send",
      rest: ["--json", "--server", "http://h:1", "@bob", "hi"],
    });
    expect(splitCommand(["--config-dir=/tmp/x", "me"]).name).toBe("me");
    expect(splitCommand(["--json"])).toEqual({ name: undefined, rest: ["--json"] });
    expect(splitCommand(["--", "chats"]).name).toBeUndefined();
  });

  it("expands ~ in paths as a shell would, and only at the start", () => {
    expect(expandHome("~", "/home/a")).toBe("/home/a");
    expect(expandHome("~/x/y", "/home/a")).toBe("/home/a/x/y");
    expect(expandHome("a/~/b", "/home/a")).toBe("a/~/b");
    expect(expandHome("~bob/x", "/home/a")).toBe("~bob/x");
    expect(configDirOf({}, { EDGEGRAM_CONFIG_DIR: "~" })).not.toContain("~");
  });
});
