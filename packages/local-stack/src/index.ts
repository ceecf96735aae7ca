export { type DevInfo, type LocalStack, type StackOptions, startLocalStack } from "./stack";
export { startTestDatabase } from "./test-database";
