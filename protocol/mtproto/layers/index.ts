/** Layers: which the server speaks, and the boundary where client-layer objects meet the current model. */
export { type DecodedCall, decodeCall, encodeForLayer, encodeResultForLayer } from "./calls.ts";
export { RENAMED, STAND_IN_BY_TYPE } from "./compat.ts";
export { defaultValue, downgrade, downgradeValue, upgrade } from "./convert.ts";
export { CURRENT_LAYER, resolveLayer, SUPPORTED_LAYERS, tablesForLayer } from "./resolve.ts";
