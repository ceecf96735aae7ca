import { DnsUnavailable } from "../domains/dns-resolver";
import { InvalidFields } from "../errors";

/**
 * The outbound policy when a customer names a destination: a refusal is a 400 naming the field.
 * When DNS cannot answer, the verdict without DNS stands (`withoutDns`): the addresses are checked
 * again before every connection, and a registration should not fail because a resolver is down.
 */
export async function assertOutboundAllowed(
  field: string,
  withDns: () => Promise<string | null>,
  withoutDns: () => string | null,
): Promise<void> {
  let refused: string | null;
  try {
    refused = await withDns();
  } catch (error) {
    if (!(error instanceof DnsUnavailable)) throw error;
    refused = withoutDns();
  }
  if (refused) throw new InvalidFields([{ path: field, message: refused }]);
}
