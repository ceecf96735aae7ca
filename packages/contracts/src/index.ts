export { type DeliveryMessage, deliveryMessage, QUEUES } from "./delivery-message";
