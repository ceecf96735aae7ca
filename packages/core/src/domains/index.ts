// Sender domains (SPEC §D): added, verified through DNS, then usable as `from` and DKIM-signed.
export { assertVerifiedSender } from "./assert-verified-sender";
export { createSenderDomain, createSenderDomainInput, DKIM_SEAL_PURPOSE } from "./create-sender-domain";
export { deleteSenderDomain } from "./delete-sender-domain";
export { dnsResolverConfig } from "./dns-config";
export { type DnsResolver, DnsUnavailable } from "./dns-resolver";
export { DEFAULT_DOH_URL, dohResolver } from "./doh-resolver";
export { domainName, senderDomainId } from "./domain-name";
export { getSenderDomain } from "./get-sender-domain";
export { listSenderDomains, listSenderDomainsInput } from "./list-sender-domains";
export { DKIM_SELECTOR, type DnsCheckName, type DnsRecord, SPF_INCLUDE } from "./records";
export type { SenderDomain, SenderDomainCtx } from "./sender-domain";
export { staticResolver } from "./static-resolver";
export { verifySenderDomain } from "./verify-sender-domain";
