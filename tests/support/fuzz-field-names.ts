/**
 * The field names the store's operations read, in one list for every fuzzer: random values under
 * names the schemas know reach deeper than random names, which the schemas drop at once.
 */
export const storeFieldNames = [
  'name',
  'value',
  'projectId',
  'provider',
  'defaultModel',
  'baseUrl',
  'config',
  'secretId',
  'authMethod',
  'kind',
  'permissions',
  'allowedProviders',
  'labels',
  'limits',
  'expiresAt',
  'limit',
  'cursor',
] as const;

/** Keys that prototype pollution goes for. */
export const pollutionKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;
