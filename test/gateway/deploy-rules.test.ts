/** The deploy check's rules: DEV_MODE in any deployed config section, or dev routes in a bundle, fail it. */
import { describe, expect, it } from "vitest";
import { devModeInConfig, devRoutesInBundle } from "../../scripts/deploy-rules.ts";

describe("deploy check rules", () => {
  it("Should flag DEV_MODE in [vars], in an [env.*] section and inline, but not in a comment", () => {
    const config = [
      'name = "edgegram-gateway"',
      "# DEV_MODE comes from .dev.vars only",
      "[vars]",
      'LOG_LEVEL = "info"',
      "[env.staging.vars]",
      'DEV_MODE = "1"',
      "[env.production]",
      'name = "edgegram-prod"',
      'vars = { DEV_MODE = "1" }',
      "[env.production.vars]",
      '  "DEV_MODE" = "1"',
    ].join("\n");
    expect(devModeInConfig(config)).toEqual(["[env.staging.vars]", "[env.production]", "[env.production.vars]"]);
    expect(devModeInConfig('[vars]\nDEV_MODE = "1"\n')).toEqual(["[vars]"]);
    expect(devModeInConfig('name = "x"\n# DEV_MODE = "1"\n[vars]\nNOT_DEV_MODE_X = 1\n')).toEqual([]);
  });

  it("Should flag a bundle that still carries the development routes", () => {
    expect(devRoutesInBundle('app.get("/dev/codes/:phone", h); app.post("/dev/core-send", h)')).toEqual([
      "/dev/codes/",
      "/dev/core-send",
    ]);
    expect(devRoutesInBundle('app.get("/v1/server-key", h)')).toEqual([]);
  });
});
