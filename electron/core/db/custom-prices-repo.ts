import type { CustomPrice } from '../../../shared/operations/prices';

/** Custom model prices per AI provider. Callers own transactions and audit. */
export interface CustomPricesRepo {
  /** Every custom price (a few per provider at most): the price book keeps them all in memory. */
  all(): Promise<CustomPrice[]>;
  ofProvider(aiProviderId: string): Promise<CustomPrice[]>;
  /** Inserts or replaces the price of one model on one provider. */
  put(price: CustomPrice): Promise<void>;
  /** False when there was no such price. */
  delete(aiProviderId: string, model: string): Promise<boolean>;
}
