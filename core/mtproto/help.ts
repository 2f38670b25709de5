/** help.* over MTProto: the config and the nearest DC, both naming this server as the one DC. */
import { dispatchRpc } from "../rpc/dispatch.ts";
import { type MtAdapterTable, THIS_DC } from "./context.ts";

interface CoreConfig {
  date: number;
  message_length_max: number;
  caption_length_max: number;
  chat_size_max: number;
}

export const helpAdapters: MtAdapterTable<"help.getConfig" | "help.getNearestDc"> = {
  async "help.getConfig"(ctx) {
    const c = (await dispatchRpc(ctx.rpc, "help.getConfig", {})).result as CoreConfig;
    return {
      _: "config",
      date: c.date,
      expires: c.date + 3600,
      testMode: false,
      thisDc: THIS_DC,
      dcOptions: [{ _: "dcOption", id: THIS_DC, ipAddress: ctx.host, port: ctx.port }],
      dcTxtDomainName: "",
      chatSizeMax: c.chat_size_max,
      megagroupSizeMax: c.chat_size_max,
      forwardedCountMax: 100,
      onlineUpdatePeriodMs: 210_000,
      offlineBlurTimeoutMs: 5000,
      offlineIdleTimeoutMs: 30_000,
      onlineCloudTimeoutMs: 300_000,
      notifyCloudDelayMs: 30_000,
      notifyDefaultDelayMs: 1500,
      pushChatPeriodMs: 60_000,
      pushChatLimit: 2,
      editTimeLimit: 172_800,
      revokeTimeLimit: 2_147_483_647,
      revokePmTimeLimit: 2_147_483_647,
      ratingEDecay: 2_419_200,
      stickersRecentLimit: 200,
      channelsReadMediaPeriod: 604_800,
      callReceiveTimeoutMs: 20_000,
      callRingTimeoutMs: 90_000,
      callConnectTimeoutMs: 30_000,
      callPacketTimeoutMs: 10_000,
      meUrlPrefix: `https://${ctx.host}/`,
      captionLengthMax: c.caption_length_max,
      messageLengthMax: c.message_length_max,
      webfileDcId: THIS_DC,
    };
  },
  async "help.getNearestDc"() {
    return { _: "nearestDc", country: "", thisDc: THIS_DC, nearestDc: THIS_DC };
  },
};
