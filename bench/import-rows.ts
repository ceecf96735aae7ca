/** The rows of the import bench's file, shared by the bench and its reference process. */

/** Rows a transaction, in the import and in the references. */
export const CHUNK = 1000;

const FIRST = ["Ada", "Zoë", "Jürgen", "Grace", "Chloé", "Alan", "Søren", "Linus", "Łukasz", "Mia"];
const LOCAL = ["ada", "zoe", "juergen", "grace", "chloe", "alan", "soeren", "linus", "lukasz", "mia"];
const CITIES = ["Zürich", "Genève", "Lausanne", "Bern", "Basel", "Lugano", "Winterthur", "St. Gallen"];
const DOMAINS = ["example.com", "example.org", "mail.example.net", "example.ch"];

/** Row i of the file (0-based) as the import would store it. */
export function person(i: number) {
  return {
    email: `${LOCAL[i % LOCAL.length]}.${i}@${DOMAINS[i % DOMAINS.length]}`,
    // Swiss mobile numbers, unique: +41 79 and seven digits.
    phone: i % 10 === 0 ? `+4179${String(i / 10).padStart(7, "0")}` : null,
    first: FIRST[i % FIRST.length] ?? "Ada",
    city: CITIES[(i * 7) % CITIES.length] ?? "Bern",
    score: (i * 37) % 1000,
  };
}

/** Rows `from`..`to` as a CSV file with its header line. */
export function csv(from: number, to: number): Uint8Array<ArrayBuffer> {
  const lines = ["email,phone,first_name,city,score\n"];
  for (let i = from; i < to; i++) {
    const p = person(i);
    lines.push(`${p.email},${p.phone ?? ""},${p.first},${p.city},${p.score}\n`);
  }
  return new TextEncoder().encode(lines.join(""));
}
