// Filled in by the segments work: this feature's public API.
export {};
