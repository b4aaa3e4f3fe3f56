import type { AppError, ErrorCode } from '../../../shared/errors';

/** A refusal of Switchboard's own, written the way one provider writes its errors. */
export interface ErrorAnswer {
  body: unknown;
  headers?: Record<string, string>;
}

/** Switchboard's code by the error kind each provider family names it with. */
type Kind = 'auth' | 'permission' | 'not_found' | 'rate_limit' | 'too_large' | 'invalid' | 'unavailable' | 'timeout' | 'server';

const kindOf: Record<ErrorCode, Kind> = {
  bad_request: 'invalid',
  validation_failed: 'invalid',
  unauthorized: 'auth',
  forbidden: 'permission',
  not_found: 'not_found',
  method_not_allowed: 'invalid',
  conflict: 'invalid',
  precondition_failed: 'invalid',
  payload_too_large: 'too_large',
  unsupported_media_type: 'invalid',
  upgrade_required: 'invalid',
  rate_limited: 'rate_limit',
  budget_exhausted: 'permission',
  concurrency_limit: 'rate_limit',
  vault_unavailable: 'unavailable',
  store_unavailable: 'unavailable',
  forbidden_upstream: 'permission',
  upstream_unreachable: 'server',
  upstream_timeout: 'timeout',
  proxy_paused: 'unavailable',
  internal: 'server',
};

const kind = (error: AppError): Kind => kindOf[error.code];

/** The error's details (which limit refused, …), when it has any, beside the provider's own fields. */
const detailsOf = (error: AppError) => (error.details === undefined ? {} : { details: error.details });

const anthropicTypes: Record<Kind, string> = {
  auth: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
  too_large: 'request_too_large',
  invalid: 'invalid_request_error',
  unavailable: 'overloaded_error',
  timeout: 'timeout_error',
  server: 'api_error',
};

/** Anthropic: `{type:"error", error:{type, message}}`; Switchboard's code rides along as `code`. */
export function anthropicErrorAnswer(error: AppError): ErrorAnswer {
  return {
    body: { type: 'error', error: { type: anthropicTypes[kind(error)], code: error.code, message: error.message, ...detailsOf(error) } },
  };
}

const openAiTypes: Record<Kind, string> = {
  auth: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
  too_large: 'invalid_request_error',
  invalid: 'invalid_request_error',
  unavailable: 'server_error',
  timeout: 'timeout_error',
  server: 'server_error',
};

/** OpenAI and the OpenAI-compatible APIs: `{error:{message, type, code}}`. */
export function openAiErrorAnswer(error: AppError): ErrorAnswer {
  return {
    body: { error: { message: error.message, type: openAiTypes[kind(error)], code: error.code, param: null, ...detailsOf(error) } },
  };
}

const googleStatuses: Record<Kind, string> = {
  auth: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  rate_limit: 'RESOURCE_EXHAUSTED',
  too_large: 'INVALID_ARGUMENT',
  invalid: 'INVALID_ARGUMENT',
  unavailable: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
  server: 'INTERNAL',
};

/** Gemini: `{error:{code, message, status}}`, Switchboard's code as the ErrorInfo reason. */
export function googleErrorAnswer(error: AppError): ErrorAnswer {
  const info = { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: error.code, domain: 'switchboard' };
  const details = [error.details === undefined ? info : { ...info, metadata: error.details }];
  return { body: { error: { code: error.status, message: error.message, status: googleStatuses[kind(error)], details } } };
}

const awsTypes: Record<Kind, string> = {
  auth: 'UnrecognizedClientException',
  permission: 'AccessDeniedException',
  not_found: 'ResourceNotFoundException',
  rate_limit: 'ThrottlingException',
  too_large: 'ValidationException',
  invalid: 'ValidationException',
  unavailable: 'ServiceUnavailableException',
  timeout: 'ModelTimeoutException',
  server: 'InternalServerException',
};

/** Bedrock (AWS JSON protocol): the error type in `x-amzn-errortype`, `{message}` in the body. */
export function bedrockErrorAnswer(error: AppError): ErrorAnswer {
  return {
    body: { message: error.message, code: error.code, ...detailsOf(error) },
    headers: { 'x-amzn-errortype': awsTypes[kind(error)] },
  };
}

/** Ollama: `{error: "<message>"}`, which ollama-js throws as the message. */
export function ollamaErrorAnswer(error: AppError): ErrorAnswer {
  return { body: { error: error.message, code: error.code, ...detailsOf(error) } };
}
