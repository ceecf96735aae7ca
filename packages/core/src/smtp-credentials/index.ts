// Filled in by the SMTP credentials work: this feature's public API.
export {};
