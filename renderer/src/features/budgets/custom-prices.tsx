import { useEffect, useState, type FormEvent } from 'react';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { SelectField } from '../../components/select-field';
import { RemoteStatus } from '../../components/remote-status';
import { useAppStore } from '../../store/app-store';
import { errorMessage } from '../../store/slice';

const priceFields = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
] as const;
type PriceField = (typeof priceFields)[number][0];

/**
 * An AI provider's own prices per model (US dollars per million tokens), before the published
 * table: how a model without a published price can be used under a budget, and costed.
 */
export function CustomPrices() {
  const providers = useAppStore((s) => s.providers);
  const loadProviders = useAppStore((s) => s.loadProviders);
  const prices = useAppStore((s) => s.customPrices);
  const loadPrices = useAppStore((s) => s.loadCustomPrices);
  const setPrice = useAppStore((s) => s.setCustomPrice);
  const deletePrice = useAppStore((s) => s.deleteCustomPrice);
  const [aiProviderId, setAiProviderId] = useState('');
  const [model, setModel] = useState('');
  const [values, setValues] = useState<Record<PriceField, string>>({ input: '', output: '', cacheRead: '0', cacheWrite: '0' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadProviders();
  }, [loadProviders]);
  useEffect(() => {
    if (aiProviderId) void loadPrices(aiProviderId);
  }, [aiProviderId, loadPrices]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const numbers = Object.fromEntries(priceFields.map(([key]) => [key, Number(values[key])])) as Record<PriceField, number>;
    try {
      await setPrice({ aiProviderId, model, ...numbers });
      setModel('');
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section aria-labelledby="custom-prices-heading" className="panel">
      <h2 id="custom-prices-heading">Custom model prices</h2>
      <SelectField
        label="AI provider"
        value={aiProviderId}
        onChange={setAiProviderId}
        emptyLabel="Choose…"
        options={(providers.data ?? []).map((provider) => ({ value: provider.id, label: provider.name }))}
      />
      {aiProviderId && (
        <>
          <RemoteStatus remote={prices} what="custom prices" onRetry={() => void loadPrices(aiProviderId)} />
          {prices.data && prices.data.length > 0 && (
            <table className="data-table" aria-label="Custom prices">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  {priceFields.map(([key, label]) => (
                    <th scope="col" key={key}>
                      {label}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {prices.data.map((price) => (
                  <tr key={price.model}>
                    <th scope="row">
                      <code>{price.model}</code>
                    </th>
                    {priceFields.map(([key]) => (
                      <td key={key}>${price[key]}</td>
                    ))}
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Remove the price of ${price.model}`}
                        onClick={() => void deletePrice(aiProviderId, price.model).catch((e: unknown) => setError(errorMessage(e)))}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form onSubmit={(event) => void submit(event)} className="inline-form">
            <Field label="Model">
              <input value={model} onChange={(event) => setModel(event.target.value)} required maxLength={200} />
            </Field>
            {priceFields.map(([key, label]) => (
              <Field key={key} label={`${label} ($ per million tokens)`}>
                <input
                  type="number"
                  min="0"
                  step="any"
                  required
                  value={values[key]}
                  onChange={(event) => setValues({ ...values, [key]: event.target.value })}
                />
              </Field>
            ))}
            <button type="submit">Set price</button>
          </form>
        </>
      )}
      <ErrorBanner message={error} />
    </section>
  );
}
