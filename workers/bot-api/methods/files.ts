/** File methods (send* media, getFile): mapped onto the media service once it is deployed. */
import type { BotMethod } from "../context.ts";

export const fileMethods: Record<string, BotMethod> = {};
