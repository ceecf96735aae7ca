/**
 * A small SQLite tokenizer. The embedded engine neither reports the tail of a prepared SQL text
 * (it silently ignores everything after the first statement) nor the names of a statement's
 * parameters, so both are derived here, following SQLite's own rules:
 * - statement boundaries use the state machine of `sqlite3_complete()` (so the `;` inside a
 *   `CREATE TRIGGER ... BEGIN ...; END` body does not end the statement);
 * - parameters are numbered like `sqlite3ExprAssignVarNumber()`: `?` takes the next index,
 *   `?NNN` takes index NNN, and a named parameter (`:a`, `@a`, `$a`, `#a`) takes the next index
 *   on its first occurrence and reuses it afterwards.
 */

import { SqlCache } from "./sql-cache";

type TokenKind = "ws" | "semi" | "ident" | "quoted" | "var" | "lparen" | "rparen" | "other";

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

export interface StatementInfo {
  /** Number of non-empty statements in the SQL text. */
  statementCount: number;
  /** Parameter names by index (index 0 is parameter 1); `null` for a nameless `?` or an unused index. */
  params: (string | null)[];
  isExplain: boolean;
  /** Best-effort equivalent of `sqlite3_stmt_readonly()` (used only by `describe`). */
  isReadonly: boolean;
  /** INSERT/REPLACE/UPDATE/DELETE (possibly behind a WITH clause): its row count is meaningful. */
  changesRows: boolean;
  /** `BEGIN [TRANSACTION] READONLY`: libSQL syntax that the embedded engine parses but does not enforce. */
  isBeginReadonly: boolean;
  /** A query, DML or transaction control: cannot change connection-local state (unlike PRAGMA, ATTACH, DDL). */
  keepsConnectionClean: boolean;
}

const MAX_VARIABLE_NUMBER = 32766;

function isIdChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80
  );
}

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function skipQuoted(sql: string, i: number, close: string): number {
  const doubled = close !== "]";
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === close) {
      if (doubled && sql[j + 1] === close) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length;
}

function scanVariable(sql: string, i: number): number {
  let j = i + 1;
  let n = 0;
  while (j < sql.length) {
    const c = sql.charCodeAt(j);
    if (isIdChar(c)) {
      n++;
      j++;
    } else if (c === 58 && sql.charCodeAt(j + 1) === 58) {
      j += 2; // "::" is allowed inside a name
    } else if (c === 40 && n > 0) {
      const close = sql.indexOf(")", j); // Tcl-style "$name(...)"
      return close < 0 ? sql.length : close + 1;
    } else {
      break;
    }
  }
  return n > 0 ? j : -1;
}

function nextToken(sql: string, i: number): Token {
  const c = sql.charCodeAt(i);
  const at = (kind: TokenKind, end: number): Token => ({ kind, start: i, end });
  if (isSpace(c)) {
    let j = i + 1;
    while (j < sql.length && isSpace(sql.charCodeAt(j))) j++;
    return at("ws", j);
  }
  if (c === 45 && sql.charCodeAt(i + 1) === 45) {
    const nl = sql.indexOf("\n", i);
    return at("ws", nl < 0 ? sql.length : nl + 1);
  }
  if (c === 47 && sql.charCodeAt(i + 1) === 42) {
    const close = sql.indexOf("*/", i + 2);
    return at("ws", close < 0 ? sql.length : close + 2);
  }
  if (c === 59) return at("semi", i + 1);
  if (c === 40) return at("lparen", i + 1);
  if (c === 41) return at("rparen", i + 1);
  if (c === 39 || c === 34 || c === 96) return at("quoted", skipQuoted(sql, i, sql.charAt(i)));
  if (c === 91) return at("quoted", skipQuoted(sql, i, "]"));
  if (c === 63) {
    let j = i + 1;
    while (j < sql.length && isDigit(sql.charCodeAt(j))) j++;
    return at("var", j);
  }
  if (c === 58 || c === 64 || c === 36 || c === 35) {
    const end = scanVariable(sql, i);
    return end < 0 ? at("other", i + 1) : at("var", end);
  }
  if (isIdStart(c)) {
    let j = i + 1;
    while (j < sql.length && isIdChar(sql.charCodeAt(j))) j++;
    return at("ident", j);
  }
  if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
    let j = i + 1;
    while (j < sql.length && (isIdChar(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
    return at("other", j);
  }
  return at("other", i + 1);
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const token = nextToken(sql, i);
    tokens.push(token);
    i = token.end;
  }
  return tokens;
}

// sqlite3_complete(): token classes SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END.
const TRANSITIONS: readonly (readonly number[])[] = [
  [1, 0, 2, 3, 4, 2, 2, 2],
  [1, 1, 2, 3, 4, 2, 2, 2],
  [1, 2, 2, 2, 2, 2, 2, 2],
  [1, 3, 3, 2, 4, 2, 2, 2],
  [1, 4, 2, 2, 2, 4, 5, 2],
  [6, 5, 5, 5, 5, 5, 5, 5],
  [6, 6, 5, 5, 5, 5, 5, 7],
  [1, 7, 5, 5, 5, 5, 5, 5],
];

function completeClass(sql: string, token: Token): number {
  if (token.kind === "semi") return 0;
  if (token.kind === "ws") return 1;
  if (token.kind !== "ident") return 2;
  const word = sql.slice(token.start, token.end).toLowerCase();
  if (word === "explain") return 3;
  if (word === "create") return 4;
  if (word === "temp" || word === "temporary") return 5;
  if (word === "trigger") return 6;
  if (word === "end") return 7;
  return 2;
}

/** Splits SQL text into statements (each without its terminating `;`); empty statements are dropped. */
function splitTokens(sql: string): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  let state = 0;
  for (const token of tokenize(sql)) {
    const next = TRANSITIONS[state]?.[completeClass(sql, token)] ?? 2;
    if (token.kind === "semi" && next === 1) {
      if (current.some((t) => t.kind !== "ws")) statements.push(current);
      current = [];
    } else {
      current.push(token);
    }
    state = next;
  }
  if (current.some((t) => t.kind !== "ws")) statements.push(current);
  return statements;
}

export function splitStatements(sql: string): string[] {
  return splitTokens(sql).map((tokens) => {
    const first = tokens.find((t) => t.kind !== "ws");
    const last = tokens[tokens.length - 1];
    return first && last ? sql.slice(first.start, last.end).trimEnd() : "";
  });
}

function numberParams(sql: string, tokens: Token[]): (string | null)[] {
  const names: (string | null)[] = [];
  const byName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== "var") continue;
    const text = sql.slice(token.start, token.end);
    if (text === "?") {
      names.push(null);
    } else if (text.startsWith("?")) {
      const index = Number(text.slice(1));
      if (index < 1 || index > MAX_VARIABLE_NUMBER) continue; // the engine rejects it when preparing
      while (names.length < index) names.push(null);
      if (names[index - 1] == null) names[index - 1] = text;
    } else if (!byName.has(text)) {
      names.push(text);
      byName.set(text, names.length);
    }
  }
  return names;
}

const WRITE_KEYWORDS = new Set(["insert", "replace", "update", "delete"]);
const MAIN_KEYWORDS = new Set(["select", "values", ...WRITE_KEYWORDS]);
const TRANSACTION_KEYWORDS = new Set(["begin", "commit", "end", "rollback", "savepoint", "release"]);
const CLEAN_HEADS = new Set([...MAIN_KEYWORDS, ...TRANSACTION_KEYWORDS, "with", "explain"]);

function classify(sql: string, tokens: Token[]): Omit<StatementInfo, "statementCount" | "params"> {
  const words: string[] = [];
  let mainKeyword: string | undefined;
  let depth = 0;
  let hasEquals = false;
  let hasParen = false;
  for (const token of tokens) {
    if (token.kind === "lparen") {
      depth++;
      hasParen = true;
    } else if (token.kind === "rparen") {
      depth--;
    } else if (token.kind === "ident") {
      const word = sql.slice(token.start, token.end).toLowerCase();
      words.push(word);
      if (depth === 0 && mainKeyword === undefined && MAIN_KEYWORDS.has(word)) mainKeyword = word;
    } else if (token.kind === "other" && sql.charAt(token.start) === "=") {
      hasEquals = true;
    }
  }
  const first = tokens.find((t) => t.kind !== "ws");
  const head = first?.kind === "ident" ? sql.slice(first.start, first.end).toLowerCase() : "";
  const isExplain = head === "explain";
  const meaningful = tokens.filter((t) => t.kind !== "ws");
  const isBeginReadonly =
    head === "begin" &&
    meaningful.every((t) => t.kind === "ident") &&
    words.includes("readonly") &&
    words.slice(1).every((w) => w === "readonly" || w === "transaction");
  const changesRows = !isExplain && mainKeyword !== undefined && WRITE_KEYWORDS.has(mainKeyword);
  let isReadonly: boolean;
  if (isExplain || TRANSACTION_KEYWORDS.has(head)) isReadonly = true;
  else if (head === "pragma") isReadonly = !hasEquals && !hasParen;
  else if (head === "select" || head === "values" || head === "with") isReadonly = !changesRows;
  else isReadonly = false;
  return { isExplain, isReadonly, changesRows, isBeginReadonly, keepsConnectionClean: CLEAN_HEADS.has(head) };
}

export function analyzeSql(sql: string): StatementInfo {
  const statements = splitTokens(sql);
  const tokens = statements[0] ?? [];
  return { statementCount: statements.length, params: numberParams(sql, tokens), ...classify(sql, tokens) };
}

const cache = new SqlCache<StatementInfo>({
  maxEntries: 512,
  maxSqlLength: 64 * 1024,
  maxTotalLength: 4 << 20,
});

/** {@link analyzeSql} with a small process-wide LRU cache keyed by the SQL text (short texts only). */
export function analyzeSqlCached(sql: string): StatementInfo {
  const hit = cache.get(sql);
  if (hit !== undefined) return hit;
  const info = analyzeSql(sql);
  cache.set(sql, info);
  return info;
}

/** For tests: the size of the analysis cache. */
export function analysisCacheStats(): SqlCache<StatementInfo>["stats"] {
  return cache.stats;
}
