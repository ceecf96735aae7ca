// Filled in by the domains work: this feature's public API.
export {};
