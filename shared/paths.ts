/**
 * Where the local server answers what. Every place that builds or matches these paths (the
 * gateway's router, the proxy's route parser, the status the UI shows, the browser's API client)
 * reads them from here.
 */

/** The agent endpoint: `/v3/ai/<provider>/<upstream path>` with a job token. */
export const agentBasePath = '/v3';
/** The proxy's provider routes under the agent endpoint. */
export const providerRoutePrefix = `${agentBasePath}/ai/`;
/** The operation contract over HTTP. */
export const restBasePath = '/api/v1';
