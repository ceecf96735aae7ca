import { sha256Hex } from "../auth/sha256-hex";
import { randomBase62 } from "../secrets/random-base62";

/** `ep_` and 20 random base62 characters (≈119 bits): the SMTP user name, unique across the platform. */
export const USERNAME_SHAPE = /^ep_[0-9A-Za-z]{20}$/;
/** 32 random base62 characters (≈190 bits): shown once, only its SHA-256 is stored. */
export const PASSWORD_SHAPE = /^[0-9A-Za-z]{32}$/;

export const generateUsername = (): string => `ep_${randomBase62(20)}`;

export const generatePassword = (): string => randomBase62(32);

/** The password is random and long, so a fast hash is safe (as for API keys); only this is stored. */
export const hashSmtpPassword = sha256Hex;
