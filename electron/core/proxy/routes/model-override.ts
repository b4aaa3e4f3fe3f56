import { wireFamilyOf } from '../../../../shared/operations/routes';
import type { ProviderSlug } from '../../../../shared/slugs';

/**
 * A route target's model instead of the client's: in the JSON body where the wire format names the
 * model there (Anthropic, OpenAI-compatible), in the path where it names it there (Gemini's
 * `/models/<m>:…`, Bedrock's `/model/<m>/…`). Returns the path to call; `json` is changed in place.
 */
export function overrideModel(slug: ProviderSlug, path: string, json: Record<string, unknown> | null, model: string): string {
  const family = wireFamilyOf[slug];
  if (family === 'gemini') return path.replace(/\/models\/[^/:]+:/, `/models/${encodeURIComponent(model)}:`);
  if (family === 'bedrock') return path.replace(/\/model\/[^/]+\//, `/model/${encodeURIComponent(model)}/`);
  if (json) json.model = model;
  return path;
}
