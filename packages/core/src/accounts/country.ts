const CHF_COUNTRIES = new Set(["CH", "LI"]);
/** EU member states and the other EEA countries (Iceland, Liechtenstein is CHF, Norway). */
const EUR_COUNTRIES = new Set(
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LT LU LV MT NL NO PL PT RO SE SI SK".split(" "),
);

/** The currency an account is billed in and its VAT treatment follow its country (SPEC §A, §B). */
export function billingFor(country: string): {
  currency: "CHF" | "EUR" | "USD";
  vatCategory: "ch" | "eu" | "export";
} {
  if (CHF_COUNTRIES.has(country)) return { currency: "CHF", vatCategory: "ch" };
  if (EUR_COUNTRIES.has(country)) return { currency: "EUR", vatCategory: "eu" };
  return { currency: "USD", vatCategory: "export" };
}
