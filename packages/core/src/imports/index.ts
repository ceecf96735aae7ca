// Imports of contacts from CSV, XLSX and XLS files, read in chunks by the transfers worker (SPEC §C).
export { createImport, createImportInput } from "./create-import";
export { getImport } from "./get-import";
export { importErrorReport } from "./import-error-report";
export { importId } from "./import-record";
export { listImports, listImportsInput } from "./list-imports";
export { processImport } from "./process-import";
// What a text column cannot keep: refused in imported cells here, and in every request by the API.
export { uploadImportFile } from "./upload-import-file";
