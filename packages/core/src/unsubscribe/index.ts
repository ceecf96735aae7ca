// A campaign message's unsubscribe link (RFC 8058) and preference centre, reached by its signed token.
export { findLinkRecipient, type LinkRecipient } from "./find-recipient";
export { type ListPreference, listPreferences } from "./list-preferences";
export { savePreferences } from "./save-preferences";
export { unsubscribeRecipient } from "./unsubscribe-recipient";
