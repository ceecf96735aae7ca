// SMTP relay credentials (SPEC §D): created, listed, reactivated and deleted by the account; the relay
// records each send; the `smtpCredentialInactivity` job disables and deactivates idle ones.
export { createSmtpCredential, createSmtpCredentialInput } from "./create-smtp-credential";
export { PASSWORD_SHAPE, USERNAME_SHAPE } from "./credential-material";
export { deleteSmtpCredential } from "./delete-smtp-credential";
export { listSmtpCredentials, listSmtpCredentialsInput } from "./list-smtp-credentials";
export { reactivateSmtpCredential } from "./reactivate-smtp-credential";
export { recordSmtpSend, recordSmtpSendInput } from "./record-smtp-send";
export { type SmtpCredential, smtpCredentialId } from "./smtp-credential-fields";
