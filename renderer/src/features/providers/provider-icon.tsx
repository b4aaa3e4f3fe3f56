import type { ProviderSlug } from '../../../../shared/slugs';

const marks: Record<ProviderSlug, string> = {
  openai: 'O',
  anthropic: 'A',
  google: 'G',
  xai: 'x',
  groq: 'Gq',
  ollama: 'Ol',
  azure: 'Az',
  bedrock: 'B',
  gateway: 'Gw',
  custom: '{}',
};

/** A small mark per provider kind; decorative, the slug is always written next to it. */
export function ProviderIcon({ slug }: { slug: ProviderSlug }) {
  return (
    <span className={`provider-icon provider-icon-${slug}`} aria-hidden="true">
      {marks[slug]}
    </span>
  );
}
