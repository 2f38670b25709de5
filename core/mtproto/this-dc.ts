/** The one DC Edgegram is, as Telegram clients number DCs (help.getConfig, files' dc_id). */
export const THIS_DC = 2;
