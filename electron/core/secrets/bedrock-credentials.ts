import { z } from 'zod';

/**
 * What a Bedrock provider's linked secret holds: AWS credentials as JSON.
 * @example {"accessKeyId":"AKIA…","secretAccessKey":"…","sessionToken":"…"}  (sessionToken optional)
 */
export const BedrockCredentials = z.object({
  accessKeyId: z.string().min(1).max(256),
  secretAccessKey: z.string().min(1).max(512),
  sessionToken: z.string().min(1).max(4096).optional(),
});
export type BedrockCredentials = z.infer<typeof BedrockCredentials>;

/** Parses a secret value; null when it is not Bedrock credentials. Never echoes the value. */
export function parseBedrockCredentials(value: string): BedrockCredentials | null {
  try {
    const parsed = BedrockCredentials.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
