import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { providerConnections } from "@edgepost/messaging/connections";
import { afterAll, describe, expect, it } from "vitest";
import { DnsUnavailable } from "../src/domains/dns-resolver";
import { dohResolver } from "../src/domains/doh-resolver";
import { staticResolver } from "../src/domains/static-resolver";
import { connectionRefusal } from "../src/outbound/connection-refusal";
import { outboundEnv, outboundFrom } from "../src/outbound/outbound-env";
import {
  hostRefusal,
  type OutboundPolicy,
  parseAllowList,
  STRICT_POLICY,
} from "../src/outbound/outbound-policy";
import { providerRefusal } from "../src/outbound/provider-refusal";
import { urlRefusal } from "../src/outbound/url-refusal";

describe("hosts the platform never connects to for a customer", () => {
  it.each([
    // the loopback, in every spelling a URL parser or a socket accepts
    ["127.0.0.1", "loopback"],
    ["127.1", "loopback"],
    ["127.0.1", "loopback"],
    ["2130706433", "loopback"],
    ["0x7f000001", "loopback"],
    ["0x7f.0.0.1", "loopback"],
    ["0177.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["127.0.0.1.", "loopback"],
    ["[::1]", "IPv6 loopback"],
    ["::1", "IPv6 loopback"],
    ["[0:0:0:0:0:0:0:1]", "IPv6 loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["[::ffff:127.0.0.1]", "loopback"],
    ["[64:ff9b::7f00:1]", "loopback"],
    ["localhost", "local name"],
    ["LocalHost.", "local name"],
    ["api.localhost", "local name"],
    // unspecified, link-local and cloud metadata
    ["0.0.0.0", "this network"],
    ["0", "this network"],
    ["[::]", "unspecified"],
    ["169.254.169.254", "link-local"],
    ["[fe80::1]", "link-local"],
    ["metadata.google.internal", "local name"],
    // private and shared ranges
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["[fc00::1]", "unique local"],
    ["[fd12:3456:789a::1]", "unique local"],
    ["[::ffff:a00:1]", "private"],
    // other special-purpose space
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["198.18.0.1", "benchmarking"],
    ["192.0.2.1", "documentation"],
    ["[2001:db8::1]", "documentation"],
    ["[ff02::1]", "multicast"],
    ["[2002:7f00:1::1]", "6to4"],
    ["[2001::1]", "IETF"],
    // names that cannot be public
    ["intranet", "local name"],
    ["mailhost", "no domain"],
    ["printer.local", "local name"],
    ["router.home.arpa", "local name"],
    ["1.0.0.127.in-addr.arpa", "local name"],
    ["evil.example.com@127.0.0.1", "not a valid host"],
    ["[fe80::1%25eth0]", "not a valid host"],
  ])("refuses %s (%s)", (host, why) => {
    expect(hostRefusal(STRICT_POLICY, host, 443)).toContain(why);
  });

  it.each([
    ["93.184.216.34"],
    ["8.8.8.8"],
    ["1.1.1.1"],
    ["11.0.0.1"],
    ["172.15.255.255"],
    ["172.32.0.1"],
    ["100.63.255.255"],
    ["100.128.0.1"],
    ["169.253.255.255"],
    ["[2606:4700:4700::1111]"],
    ["[::ffff:5db8:d822]"],
    ["example.com"],
    ["hooks.Example.COM."],
  ])("lets %s through (a public address or name)", (host) => {
    expect(hostRefusal(STRICT_POLICY, host, 443)).toBeNull();
  });

  it("exempts exactly the host and port the operator's configuration names, in any spelling", () => {
    const policy: OutboundPolicy = { allow: parseAllowList("127.0.0.1:4010, [::1]:*"), testProviders: false };
    expect(hostRefusal(policy, "127.0.0.1", 4010)).toBeNull();
    expect(hostRefusal(policy, "127.1", 4010)).toBeNull();
    expect(hostRefusal(policy, "127.0.0.1", 4011)).toContain("loopback");
    expect(hostRefusal(policy, "[::1]", 8789)).toBeNull();
    expect(hostRefusal(policy, "localhost", 4010)).toContain("local name");
    expect(() => parseAllowList("127.0.0.1")).toThrow('"127.0.0.1" is not host:port');
    expect(() => parseAllowList("127.0.0.1:70000")).toThrow("is not host:port");
  });
});

describe("names are resolved and every address is checked", () => {
  const outbound = {
    policy: STRICT_POLICY,
    dns: staticResolver(
      {},
      {
        "hooks.example.com": ["93.184.216.34", "2606:2800:220:1::1"],
        "mixed.example.com": ["93.184.216.34", "10.0.0.7"],
        "v6.example.com": ["::1"],
        "garbage.example.com": ["not-an-ip"],
      },
    ),
  };

  it.each([
    ["hooks.example.com", null],
    ["mixed.example.com", "mixed.example.com resolves to 10.0.0.7, a private address (10.0.0.0/8)"],
    ["v6.example.com", "v6.example.com resolves to ::1, the IPv6 loopback address (::1)"],
    ["garbage.example.com", "garbage.example.com resolves to not-an-ip, which is not an IP address"],
    ["nowhere.example.com", "nowhere.example.com does not resolve to any address"],
    ["93.184.216.34", null],
    ["127.1", "127.1 is a loopback address (127.0.0.0/8)"],
  ])("%s → %s", async (host, refusal) => {
    expect(await connectionRefusal(outbound, host, 443)).toBe(refusal);
  });

  it("throws DnsUnavailable when DNS cannot answer: nothing is concluded", async () => {
    const unavailable = async (): Promise<string[]> => {
      throw new DnsUnavailable("down");
    };
    const down = { policy: STRICT_POLICY, dns: { txt: unavailable, addresses: unavailable } };
    await expect(connectionRefusal(down, "hooks.example.com", 443)).rejects.toBeInstanceOf(DnsUnavailable);
  });
});

describe("DNS-over-HTTPS addresses", () => {
  const seen: string[] = [];
  const answers: Record<string, object> = {
    "A hooks.example.com": {
      Status: 0,
      Answer: [
        { name: "hooks.example.com", type: 5, TTL: 60, data: "edge.example.net." },
        { name: "edge.example.net", type: 1, TTL: 60, data: "93.184.216.34" },
      ],
    },
    "AAAA hooks.example.com": {
      Status: 0,
      Answer: [{ name: "edge.example.net", type: 28, TTL: 60, data: "2606:2800:220:1::1" }],
    },
    "A down.example.com": { Status: 2 },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const key = `${url.searchParams.get("type")} ${url.searchParams.get("name")}`;
    seen.push(key);
    res.setHeader("content-type", "application/dns-json");
    res.end(JSON.stringify(answers[key] ?? { Status: 3 }));
  });
  const listening = new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("asks for A and AAAA and returns the addresses at the end of the CNAME chain", async () => {
    await listening;
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`;
    const dns = dohResolver({ endpoint });
    expect(await dns.addresses("Hooks.Example.com.")).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
    expect(seen).toEqual(expect.arrayContaining(["A hooks.example.com", "AAAA hooks.example.com"]));
    expect(await dns.addresses("nowhere.example.com")).toEqual([]);
    await expect(dns.addresses("down.example.com")).rejects.toBeInstanceOf(DnsUnavailable);
  });
});

describe("URLs the platform POSTs to", () => {
  const local: OutboundPolicy = { allow: parseAllowList("127.0.0.1:4010"), testProviders: false };
  it.each([
    ["https://hooks.example.com/in", STRICT_POLICY, null],
    ["https://hooks.example.com:8443/in", STRICT_POLICY, null],
    ["http://hooks.example.com/in", STRICT_POLICY, "must be an https:// URL"],
    ["https://user:pw@hooks.example.com/", STRICT_POLICY, "must not carry a user name or password"],
    ["ftp://hooks.example.com/", STRICT_POLICY, "must be an https:// URL"],
    ["https://127.0.0.1/", STRICT_POLICY, "127.0.0.1 is a loopback address (127.0.0.0/8)"],
    ["https://0x7f000001/", STRICT_POLICY, "127.0.0.1 is a loopback address (127.0.0.0/8)"],
    ["https://[::ffff:7f00:1]/", STRICT_POLICY, "loopback"],
    ["http://127.0.0.1:4010/hook", local, null],
    ["http://127.0.0.1:8789/cdn-cgi/handler/scheduled", local, "must be an https:// URL"],
    ["https://127.0.0.1:8789/cdn-cgi/handler/scheduled", local, "loopback"],
    ["http://localhost:4010/hook", local, "must be an https:// URL"],
  ])("%s", (url, policy, refusal) => {
    const result = urlRefusal(policy, url);
    if (refusal === null) expect(result).toBeNull();
    else expect(result).toContain(refusal);
  });
});

describe("an account's own email provider", () => {
  const local: OutboundPolicy = {
    allow: parseAllowList("127.0.0.1:1025, 127.0.0.1:4010"),
    testProviders: true,
  };
  const refusal = (url: string, policy: OutboundPolicy = STRICT_POLICY) =>
    providerRefusal(policy, providerConnections(url));

  it.each([
    ["smtp://u:p@smtp.example.com:587", null],
    ["smtps://u:p@smtp.example.com", null],
    ["smtp://u:p@smtp.example.com:25", null],
    ["smtp://u:p@smtp.example.com:2525", null],
    ["postmark://token@api.postmarkapp.com", null],
    ["resend://re_key@api.resend.com", null],
    ["ses://AKID:secret@eu-central-1", null],
    ["smtp://u:p@smtp.example.com:2526", "ports 25, 465, 587 and 2525 only"],
    ["smtp://u:p@smtp.example.com:22", "ports 25, 465, 587 and 2525 only"],
    ["smtp://u:p@smtp.example.com:587?security=none", "must be encrypted"],
    ["smtp://u:p@127.0.0.1:587", "loopback"],
    ["smtp://u:p@2130706433:587", "loopback"],
    ["smtp://u:p@[::1]:587", "loopback"],
    ["smtp://u:p@169.254.169.254:587", "link-local"],
    ["smtp://u:p@10.1.2.3:465", "private"],
    ["smtp://u:p@localhost:587", "local name"],
    ["resend://re_key@api.resend.com?endpoint=https%3A%2F%2Fevil.example.com", "endpoint overrides"],
    ["resend://re_key@evil.example.com", "endpoint overrides"],
    ["postmark://token@127.0.0.1", "endpoint overrides"],
    ["ses://AKID:secret@eu-central-1?endpoint=http%3A%2F%2F127.0.0.1%3A9000", "endpoint overrides"],
    ["fault://?inner=smtp%3A%2F%2Fu%3Ap%40smtp.example.com%3A587", "for tests only"],
  ])("%s → %s", (url, expected) => {
    const result = refusal(url);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toContain(expected);
  });

  it("lets the local stack's configuration allow its sinks, test providers and overrides — nothing more", () => {
    expect(refusal("smtp://127.0.0.1:1025?security=none", local)).toBeNull();
    expect(
      refusal(
        "fault://?inner=resend%3A%2F%2Fk%40api.resend.com%3Fendpoint%3Dhttp%253A%252F%252F127.0.0.1%253A4010",
        local,
      ),
    ).toBeNull();
    expect(refusal("resend://k@api.resend.com?endpoint=http%3A%2F%2F127.0.0.1%3A8789", local)).toContain(
      "https://",
    );
    expect(refusal("resend://k@api.resend.com?endpoint=https%3A%2F%2F127.0.0.1%3A8789", local)).toContain(
      "loopback",
    );
    expect(refusal("smtp://127.0.0.1:1026?security=none", local)).toContain("ports");
  });

  it("reads its bindings: strict unless configured otherwise", () => {
    const strict = outboundFrom(outboundEnv.parse({}));
    expect(strict.policy).toEqual({ allow: [], testProviders: false });
    const local = outboundFrom(
      outboundEnv.parse({
        OUTBOUND_ALLOW: "127.0.0.1:1025",
        OUTBOUND_TEST_PROVIDERS: "on",
        DNS_RESOLVER: "static:{}",
      }),
    );
    expect(local.policy).toEqual({ allow: [{ host: "127.0.0.1", port: 1025 }], testProviders: true });
    expect(outboundEnv.safeParse({ OUTBOUND_ALLOW: "localhost" }).error?.issues[0]).toMatchObject({
      path: ["OUTBOUND_ALLOW"],
    });
  });
});
