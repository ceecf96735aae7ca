// Filled in by the consent work: this feature's public API.
export {};
