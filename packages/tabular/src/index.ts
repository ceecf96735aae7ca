export { bytesSource } from "./bytes-source";
export { csvLine } from "./csv-line";
export { neutraliseFormula } from "./formula";
export { readRows } from "./read-rows";
export * from "./sheet";
export { XlsxWriter } from "./xlsx-writer";
