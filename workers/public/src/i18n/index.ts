import { de } from "./de";
import { en, type Messages } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { it } from "./it";
import { pt } from "./pt";

/** The languages of the public pages (forms, confirmation, unsubscribe), one catalogue each. */
const CATALOGUES = { en, fr, de, it, es, pt } satisfies Record<string, Messages>;
export type Locale = keyof typeof CATALOGUES;
const LOCALES = Object.keys(CATALOGUES) as Locale[];

const supported = (language: string | undefined) => LOCALES.find((locale) => locale === language);

/** `Accept-Language`'s best language we have: by quality, then by order; `*` and `q=0` say nothing. */
function bestAccepted(header: string | undefined): Locale | undefined {
  const ranges = (header ?? "")
    .split(",")
    .slice(0, 32)
    .map((range, order) => {
      const [tag = "", ...params] = range.split(";").map((part) => part.trim());
      const q = params.find((param) => param.toLowerCase().startsWith("q="));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return {
        language: tag.toLowerCase().split("-")[0],
        quality: Number.isFinite(quality) ? quality : 0,
        order,
      };
    })
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const range of ranges) {
    const locale = supported(range.language);
    if (locale) return locale;
  }
  return undefined;
}

/**
 * The language of a page for one person: their own setting (a value such as `de`, `de-CH` or
 * `deutsch` starting with one of our codes), else the browser's `Accept-Language`, else English.
 */
export function pickLocale(preferred: string | undefined, acceptLanguage: string | undefined): Locale {
  const own = preferred?.trim().toLowerCase();
  return LOCALES.find((locale) => own?.startsWith(locale)) ?? bestAccepted(acceptLanguage) ?? "en";
}

export function messagesOf(locale: Locale): Messages {
  return CATALOGUES[locale];
}
