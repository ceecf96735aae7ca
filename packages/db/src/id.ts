import { z } from "zod";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/**
 * Every id prefix, each spelled once, with how a validation message names an id of it. `smtp` is the
 * one longer than three letters: SMTP credentials were created with it and are kept as they are.
 */
export const ID_PREFIXES = {
  acc: "an account id",
  usr: "a user id",
  key: "an API key id",
  aud: "an audit entry id",
  chk: "a pipeline check id",
  dlf: "a delivery failure id",
  job: "a job run id",
  tok: "an auth token id",
  msg: "a message id",
  inv: "an invitation id",
  evt: "a message event id",
  att: "an attachment id",
  crd: "a credit entry id",
  sup: "a suppression id",
  dom: "a sender domain id",
  tpl: "a template id",
  whk: "a webhook endpoint id",
  whd: "a webhook delivery id",
  smtp: "an SMTP credential id",
  con: "a contact id",
  fld: "a contact field id",
  lst: "a list id",
  cns: "a consent event id",
  seg: "a segment id",
  imp: "an import id",
  exp: "an export id",
  clm: "a delivery claim",
  cmp: "a campaign id",
  cev: "a campaign event id",
} as const;

export type IdPrefix = keyof typeof ID_PREFIXES;

/**
 * An id of this prefix as `newId` makes it (`lst_` and 26 lower-case letters or digits). A bad one is
 * reported as `message`, by default as `a list id (lst_…)`.
 */
export function idSchema(prefix: IdPrefix, message = `${ID_PREFIXES[prefix]} (${prefix}_…)`) {
  return z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), message);
}

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
