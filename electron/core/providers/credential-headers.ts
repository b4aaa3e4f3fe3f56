/** The credential as `Authorization: Bearer`, or nothing without one. */
export const bearer = (credential: string | null): Record<string, string> => (credential ? { authorization: `Bearer ${credential}` } : {});

/** An auth function that puts the credential in one header, or sends nothing without one. */
export function headerCredential(name: string): (credential: string | null) => Record<string, string> {
  return (credential) => (credential ? { [name]: credential } : {});
}
