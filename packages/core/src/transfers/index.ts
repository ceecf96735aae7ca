// Object storage and the transfers queue: what imports and exports run on.
export { failTransfer } from "./fail-transfer";
export type { AccountTransferCtx, FileStore, TransferCtx, TransferQueue } from "./file-store";
