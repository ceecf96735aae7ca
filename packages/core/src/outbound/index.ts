// The outbound policy (SPEC §3, ADR 0009): where the platform may connect on a customer's behalf.
// Workers build it from their bindings; the verbs that register or connect check it themselves.
export type { Outbound } from "./connection-refusal";
export { outboundEnv, outboundFrom } from "./outbound-env";
export type { OutboundPolicy } from "./outbound-policy";
