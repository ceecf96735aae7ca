/** Who may call an operation, as OpenAPI security requirements (either one suffices). */
export const callerSecurity: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];
export const operatorSecurity: Record<string, string[]>[] = [{ operator: [] }];
