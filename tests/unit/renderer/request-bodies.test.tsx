import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/src/api/api-error';
import { RequestBodiesSection } from '../../../renderer/src/features/requests/request-bodies';
import { createFakeApi } from './fake-api';
import { renderWithStore } from './render-app';

afterEach(cleanup);

const requestId = '0192f1e4-0000-7000-8000-000000000001';
const projectId = 'prj_0000000000000000default';

describe('the request detail panel’s bodies', () => {
  it('shows the kept bodies with how long this project keeps them', async () => {
    const { api } = createFakeApi({
      getBodyCapture: () => ({ projectId, enabled: true, days: 7 }),
      getRequestBodies: () => ({
        requestId,
        projectId,
        at: '2026-03-15T12:00:00.000Z',
        expiresAt: '2026-03-22T12:00:00.000Z',
        request: { text: '{"prompt":"[redacted]"}', truncated: false, bytes: 40 },
        response: { text: 'x\n[truncated: 90000 bytes in all, the first 65536 kept]', truncated: true, bytes: 90000 },
      }),
    });
    renderWithStore(<RequestBodiesSection requestId={requestId} projectId={projectId} />, api);
    expect(await screen.findByText(/Bodies are kept for this project for 7 days/)).toBeTruthy();
    expect(screen.getByText('Request body (40 bytes)')).toBeTruthy();
    expect(screen.getByText('Response body (90,000 bytes, truncated)')).toBeTruthy();
  });

  it('says when the project keeps none, and when reading them is not allowed', async () => {
    const none = createFakeApi({
      getBodyCapture: () => ({ projectId, enabled: false, days: null }),
      getRequestBodies: () => {
        throw new ApiError('not_found', 'none');
      },
    });
    renderWithStore(<RequestBodiesSection requestId={requestId} projectId={projectId} />, none.api);
    expect(await screen.findByText(/This project does not keep request bodies/)).toBeTruthy();
    cleanup();
    const refused = createFakeApi({
      getRequestBodies: () => {
        throw new ApiError('forbidden', 'This token lacks requests:ReadBodies');
      },
    });
    renderWithStore(<RequestBodiesSection requestId={requestId} projectId={projectId} />, refused.api);
    expect(await screen.findByText(/Bodies are not shown: This token lacks requests:ReadBodies/)).toBeTruthy();
  });
});
