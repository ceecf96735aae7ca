export { type DeliveryMessage, deliveryMessage, QUEUES } from "./delivery-message";
export { type TransferMessage, transferMessage } from "./transfer-message";
