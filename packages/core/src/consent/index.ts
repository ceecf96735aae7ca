// Consent proof and data-subject requests (SPEC §C, §I, §J): this feature's public API.
export { eraseContact, eraseContactInput } from "./erase-contact";
export { exportContact } from "./export-contact";
export { type ConsentProof, getConsentProof } from "./get-consent-proof";
export { restrictContact } from "./restrict-contact";
export { ERASED_ADDRESS } from "./subject";
