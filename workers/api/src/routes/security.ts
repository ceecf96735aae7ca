/** Who may call an operation, as OpenAPI security requirements (either one suffices). */
export const callerSecurity: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];
export const operatorSecurity: Record<string, string[]>[] = [{ operator: [] }];
/** No credential: getting in, the health check, and download links (they carry their own signed token). */
export const publicSecurity: Record<string, string[]>[] = [];
