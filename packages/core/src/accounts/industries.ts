import { z } from "zod";
import { DomainError } from "../errors";

/** Industries the platform refuses, at sign-up and on any later change (SPEC §A), with the reason shown. */
export const REFUSED_INDUSTRIES = {
  stock_trading: "stock trading and online speculation",
  online_betting: "online betting",
  online_casino: "online casinos",
  adult_content: "pornography and sexually explicit content",
  escort_services: "escort services",
  pharmaceutical_sales: "sale of pharmaceutical products",
  clairvoyance: "clairvoyance",
  esoterism_astrology: "esoteric sciences and astrology",
  earnings_offers: "earnings offers and work-from-home incentives",
} as const;

const ACCEPTED = [
  "agency",
  "education",
  "events",
  "finance_insurance",
  "healthcare",
  "hospitality",
  "manufacturing",
  "media_publishing",
  "nonprofit",
  "professional_services",
  "public_sector",
  "real_estate",
  "retail_ecommerce",
  "software",
  "travel",
  "other",
] as const;

const REFUSED = Object.keys(REFUSED_INDUSTRIES) as (keyof typeof REFUSED_INDUSTRIES)[];

/** Every industry code an account may name; refused ones parse, so that the refusal can say why. */
export const industry = z.enum([...ACCEPTED, ...REFUSED]);

export function assertIndustryAccepted(code: z.infer<typeof industry>): void {
  if (code in REFUSED_INDUSTRIES) {
    const reason = REFUSED_INDUSTRIES[code as keyof typeof REFUSED_INDUSTRIES];
    throw new DomainError("industry_refused", `Edgepost cannot serve accounts in ${reason}.`);
  }
}
