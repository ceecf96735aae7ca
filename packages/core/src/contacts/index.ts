// Filled in by the contacts work: this feature's public API.
export {};
