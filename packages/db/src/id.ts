const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

export const ID_PREFIXES = {
  account: "acc",
  user: "usr",
  apiKey: "key",
  audit: "aud",
  pipelineCheck: "chk",
  deliveryFailure: "dlf",
  jobRun: "job",
  authToken: "tok",
  message: "msg",
  invitation: "inv",
  messageEvent: "evt",
  attachment: "att",
  creditEntry: "crd",
  suppression: "sup",
  senderDomain: "dom",
  template: "tpl",
  webhookEndpoint: "whk",
  webhookDelivery: "whd",
  smtpCredential: "smtp",
  contact: "con",
  contactField: "fld",
  list: "lst",
  consentEvent: "cns",
  segment: "seg",
  contactImport: "imp",
  contactExport: "exp",
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

/**
 * A prefixed, time-sortable id: `acc_` + 10 chars of millisecond time + 16 random chars
 * (80 bits), all Crockford base32. Ids made later sort after ids made earlier (to the millisecond).
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let random = "";
  for (const byte of bytes) random += ALPHABET.charAt(byte & 31);
  return `${prefix}_${time}${random}`;
}
