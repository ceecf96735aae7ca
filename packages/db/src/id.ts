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
 * Random bytes drawn from the CSPRNG 4 KiB at a time and each used once: one call per 256 ids
 * instead of one per id (imports make two ids per row).
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

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
  if (poolAt + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  let random = "";
  for (let i = poolAt; i < poolAt + 16; i++) random += ALPHABET.charAt((pool[i] ?? 0) & 31);
  poolAt += 16;
  return `${prefix}_${time}${random}`;
}
