import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import { InvalidFields } from "../errors";

export const phoneInput = z.string().trim().min(1).max(40);
/** ISO 3166-1 alpha-2, for numbers given without `+` and country code. */
export const defaultCountryInput = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166 country code (CH, DE, …)")
  .optional();

/** A phone number in E.164 (`+41791234567`), or a 400 naming `phone`. */
export function toE164(phone: string, defaultCountry: string | undefined): string {
  if (defaultCountry !== undefined && !isSupportedCountry(defaultCountry)) {
    throw new InvalidFields([{ path: "defaultCountry", message: "is not a country with phone numbers" }]);
  }
  const parsed = parsePhoneNumberFromString(phone, {
    defaultCountry: defaultCountry as CountryCode | undefined,
  });
  if (!parsed?.isValid()) {
    throw new InvalidFields([
      {
        path: "phone",
        message: phone.startsWith("+")
          ? "is not a valid phone number"
          : "is not a valid phone number (give it with + and country code, or a defaultCountry)",
      },
    ]);
  }
  return parsed.number;
}
