// The outbound policy (SPEC §3, ADR 0009): where the platform may connect on a customer's behalf.
export { connectionRefusal, type Outbound } from "./connection-refusal";
export { canonicalHost, formatIpAddress, parseIpAddress, reservedRange } from "./ip-address";
export { outboundEnv, outboundFrom } from "./outbound-env";
export { hostRefusal, type OutboundPolicy, STRICT_POLICY } from "./outbound-policy";
export { providerConnectionRefusal, providerRefusal } from "./provider-refusal";
export { assertOutboundAllowed } from "./registration-check";
export { urlConnectionRefusal, urlRefusal } from "./url-refusal";
