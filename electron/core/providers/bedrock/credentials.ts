import { BedrockCredentials, parseSecretJson } from '../../../../shared/provider-facts';

/** A Bedrock secret's AWS credentials; null when it holds something else (such as a Bedrock API key). Never echoes the value. */
export function parseBedrockCredentials(value: string): BedrockCredentials | null {
  return parseSecretJson(BedrockCredentials, value);
}
