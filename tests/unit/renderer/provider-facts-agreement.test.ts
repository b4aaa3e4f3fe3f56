import { describe, expect, it } from 'vitest';
import { providerFactIssues } from '../../../shared/provider-rules';
import { emptyProviderForm, formFieldOf, validateProviderForm } from '../../../renderer/src/features/providers/provider-form-model';
import { samples, secretId, type Sample } from '../../support/provider-rule-samples';

/** The fields the shared rules (which the server applies) name for a sample, as form fields. */
function ruleFields(sample: Sample): string[] {
  const issues = providerFactIssues({
    slug: sample.slug,
    baseUrl: sample.baseUrl ?? null,
    config: sample.config ?? null,
    authMethod: sample.authMethod ?? 'byo',
    secretLinked: true,
  });
  return [...new Set(issues.map((issue) => formFieldOf(issue.path)))].sort();
}

function formFields(sample: Sample): string[] {
  const values = {
    ...emptyProviderForm(),
    name: 'Sample',
    defaultModel: 'm',
    provider: sample.slug,
    baseUrl: sample.baseUrl ?? '',
    configFields: sample.config ?? {},
    authMethod: sample.authMethod ?? 'byo',
    keySource: 'existing' as const,
    secretId,
  };
  return Object.keys(validateProviderForm(values).errors ?? {}).sort();
}

describe('the provider form and the facts table', () => {
  it('the form refuses exactly the fields the shared rules refuse, for every sample', () => {
    for (const sample of samples) expect(formFields(sample), JSON.stringify(sample)).toEqual(ruleFields(sample));
  });
});
