// Filled in by the templates work: this feature's public API.
export {};
