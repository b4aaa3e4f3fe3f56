import { providerFacts } from '../../../../shared/provider-facts';
import type { ProviderSlug } from '../../../../shared/slugs';

/** A small mark per provider kind; decorative, the slug is always written next to it. */
export function ProviderIcon({ slug }: { slug: ProviderSlug }) {
  const { mark, color } = providerFacts[slug].icon;
  return (
    <span className="provider-icon" style={{ background: color }} aria-hidden="true">
      {mark}
    </span>
  );
}
