/** 64-bit ids (poll ids, album group ids) travel as decimal strings: JSON numbers lose precision beyond 2^53. */
import * as v from "valibot";

export const DecimalId = v.pipe(v.string(), v.description("64-bit integer as a decimal string"));
