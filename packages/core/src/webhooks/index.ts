// Filled in by the webhooks work: this feature's public API.
export {};
