/** The usage view the PostgreSQL usage cases read: both of their days (2026-01-01 and 02), every project, by model. */
export const twoDaysByModel = {
  from: '2026-01-01',
  to: '2026-01-02',
  groupBy: 'model' as const,
  projectId: null,
  provider: null,
  tokenId: null,
  gatewayId: null,
};
