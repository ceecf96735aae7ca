// Exports of contacts, lists and segments to CSV and XLSX, downloaded through signed links (SPEC §C).
export { createExport, createExportInput } from "./create-export";
export { downloadExport } from "./download-export";
export { exportId } from "./export-record";
export { getExport } from "./get-export";
export { listExports, listExportsInput } from "./list-exports";
export { processExport } from "./process-export";
