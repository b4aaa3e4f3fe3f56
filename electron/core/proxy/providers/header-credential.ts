/** An auth function that puts the credential in one header, or sends nothing without one. */
export function headerCredential(name: string): (credential: string | null) => Record<string, string> {
  return (credential) => (credential ? { [name]: credential } : {});
}
