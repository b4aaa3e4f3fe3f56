import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageExportRow, UsageSummary, UsageTimeSeries } from '../../shared/operations';
import { adminSessionActor, type Actor } from '../../electron/core/operations/actor';
import { peekStore, type StorePeek } from '../support/store-peek';
import { startTestServer, type TestServer } from '../support/test-server';
import { testStoreKind } from '../support/test-store';
import { writeDailyRollups } from '../support/usage-rollups';

const otherProject = 'prj_00000000000000000000other';

describe('the usage API over the daily rollups', () => {
  let t: TestServer;
  let cookie: string;
  let projectId: string;
  let peek: StorePeek;
  const api = async (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.server.apiBaseUrl}${path}`, { headers: { cookie, ...headers } });

  beforeAll(async () => {
    t = await startTestServer();
    cookie = await t.login();
    projectId = await t.core.projects.defaultProjectId();
    peek = await peekStore(t);
    const created = '2026-01-01T00:00:00.000Z';
    await peek.write(
      "INSERT INTO projects (id, name, is_default, created_at, updated_at) VALUES (?, 'Other', ?, ?, ?)",
      otherProject,
      testStoreKind === 'postgres' ? false : 0,
      created,
      created,
    );
    await writeDailyRollups(peek, [
      {
        day: '2026-03-01',
        projectId,
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        pipeline: 'deploy',
        requests: 10,
        errors: 1,
        inputTokens: 1000,
        outputTokens: 500,
        costMicroUsd: 12_345,
      },
      {
        day: '2026-03-01',
        projectId,
        provider: 'openai',
        model: 'gpt-4.1',
        pipeline: 'lint',
        requests: 4,
        inputTokens: 100,
        outputTokens: 50,
        costMicroUsd: 2_000,
      },
      {
        day: '2026-03-03',
        projectId,
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        pipeline: 'deploy',
        requests: 5,
        inputTokens: 700,
        outputTokens: 300,
        costMicroUsd: 6_000,
        authMethod: 'hosted',
      },
      {
        day: '2026-03-03',
        projectId,
        provider: 'openai',
        model: '=cmd|calc',
        requests: 2,
        inputTokens: 10,
        outputTokens: 5,
        unpricedRequests: 2,
      },
      { day: '2026-03-02', projectId: otherProject, provider: 'openai', model: 'gpt-4.1', requests: 99, inputTokens: 9_999 },
      { day: '2026-02-01', projectId, provider: 'openai', model: 'gpt-4.1', requests: 7, inputTokens: 70 },
    ]);
  });
  afterAll(async () => {
    await peek.close();
    await t.stop();
  });

  const range = 'from=2026-03-01&to=2026-03-03';

  it('sums a range into totals and groups, largest first, unpriced requests flagged', async () => {
    const response = await api(`/usage/summary?${range}&projectId=${projectId}&groupBy=model`);
    expect(response.status).toBe(200);
    const summary = UsageSummary.parse(await response.json());
    expect(summary.totals).toEqual({
      requests: 21,
      errors: 1,
      inputTokens: 1810,
      outputTokens: 855,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costMicroUsd: 20_345,
      unpricedRequests: 2,
    });
    expect(summary.groups.map((g) => [g.key, g.requests])).toEqual([
      ['claude-sonnet-4', 15],
      ['gpt-4.1', 4],
      ['=cmd|calc', 2],
    ]);
    expect(summary.groups[2]).toMatchObject({ costMicroUsd: 0, unpricedRequests: 2 });
  });

  it('groups by auth method, pipeline and project with readable labels', async () => {
    const byAuth = UsageSummary.parse(await (await api(`/usage/summary?${range}&projectId=${projectId}&groupBy=authMethod`)).json());
    expect(byAuth.groups.map((g) => [g.label, g.requests])).toEqual([
      ['Your own key', 16],
      ['Hosted', 5],
    ]);
    const byPipeline = UsageSummary.parse(await (await api(`/usage/summary?${range}&projectId=${projectId}&groupBy=pipeline`)).json());
    expect(byPipeline.groups.map((g) => g.label)).toEqual(['deploy', 'lint', '(no pipeline)']);
    const byProject = UsageSummary.parse(await (await api(`/usage/summary?${range}&groupBy=project`)).json());
    expect(byProject.groups.map((g) => [g.label, g.requests])).toEqual([
      ['Other', 99],
      ['Default', 21],
    ]);
  });

  it('filters by provider slug', async () => {
    const summary = UsageSummary.parse(
      await (await api(`/usage/summary?${range}&projectId=${projectId}&provider=openai&groupBy=provider`)).json(),
    );
    expect(summary.groups).toEqual([expect.objectContaining({ key: 'openai', label: 'OpenAI', requests: 6 })]);
  });

  it('gives a continuous day axis, top groups and per-day totals', async () => {
    const response = await api(`/usage/time-series?${range}&projectId=${projectId}&groupBy=model&limit=1&grain=day`);
    const series = UsageTimeSeries.parse(await response.json());
    expect(series.grain).toBe('day');
    expect(series.days).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(series.keys).toEqual([
      { key: 'claude-sonnet-4', label: 'claude-sonnet-4' },
      { key: '__other__', label: '2 others' },
    ]);
    expect(series.points.map((p) => [p.day, p.key, p.requests])).toEqual([
      ['2026-03-01', 'claude-sonnet-4', 10],
      ['2026-03-01', '__other__', 4],
      ['2026-03-03', 'claude-sonnet-4', 5],
      ['2026-03-03', '__other__', 2],
    ]);
    expect(series.daily.map((d) => [d.day, d.requests, d.errors])).toEqual([
      ['2026-03-01', 14, 1],
      ['2026-03-03', 7, 0],
    ]);
  });

  it('charts ranges of up to 7 days by hour, from the hourly rollups, and longer ones by day', async () => {
    const hourly = UsageTimeSeries.parse(
      await (await api(`/usage/time-series?${range}&projectId=${projectId}&groupBy=model&limit=1`)).json(),
    );
    expect(hourly.grain).toBe('hour');
    expect(hourly.days).toHaveLength(3 * 24);
    expect(hourly.days.slice(0, 2)).toEqual(['2026-03-01T00:00Z', '2026-03-01T01:00Z']);
    expect(hourly.days.at(-1)).toBe('2026-03-03T23:00Z');
    expect(hourly.daily.map((d) => [d.day, d.requests, d.errors])).toEqual([
      ['2026-03-01T00:00Z', 14, 1],
      ['2026-03-03T00:00Z', 7, 0],
    ]);
    const week = UsageTimeSeries.parse(await (await api(`/usage/time-series?from=2026-02-25&to=2026-03-03&projectId=${projectId}`)).json());
    expect(week.grain).toBe('hour');
    const eightDays = UsageTimeSeries.parse(
      await (await api(`/usage/time-series?from=2026-02-24&to=2026-03-03&projectId=${projectId}`)).json(),
    );
    expect(eightDays.grain).toBe('day');
    expect(eightDays.daily.map((d) => [d.day, d.requests])).toEqual([
      ['2026-03-01', 14],
      ['2026-03-03', 7],
    ]);
    expect((await api('/usage/time-series?from=2026-01-01&to=2026-03-03&grain=hour')).status).toBe(400);
  });

  it('streams a CSV export whose rows match the summary, with formulas defused', async () => {
    const response = await api(`/usage/export?${range}&projectId=${projectId}&groupBy=model&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="switchboard-usage-2026-03-01-to-2026-03-03-by-model.csv"',
    );
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,groupBy,key,label,requests,errors,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,costUsd,unpricedRequests',
    );
    expect(lines.slice(1)).toEqual([
      '2026-03-01,model,claude-sonnet-4,claude-sonnet-4,10,1,1000,500,0,0,0.012345,0',
      '2026-03-01,model,gpt-4.1,gpt-4.1,4,0,100,50,0,0,0.002000,0',
      "2026-03-03,model,'=cmd|calc,'=cmd|calc,2,0,10,5,0,0,,2",
      '2026-03-03,model,claude-sonnet-4,claude-sonnet-4,5,0,700,300,0,0,0.006000,0',
    ]);
  });

  it('streams a JSON export that parses into the row schema', async () => {
    const response = await api(`/usage/export?${range}&projectId=${projectId}&groupBy=provider&format=json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { from: string; rows: unknown[] };
    expect(body.from).toBe('2026-03-01');
    const rows = body.rows.map((row) => UsageExportRow.parse(row));
    expect(rows.every((r) => r.costUsd === null || typeof r.costUsd === 'number')).toBe(true);
    expect(rows.map((r) => [r.day, r.key, r.requests])).toEqual([
      ['2026-03-01', 'anthropic', 10],
      ['2026-03-01', 'openai', 4],
      ['2026-03-03', 'anthropic', 5],
      ['2026-03-03', 'openai', 2],
    ]);
  });

  it('exports an empty view as a header or an empty row list', async () => {
    const csv = await (await api('/usage/export?from=2025-01-01&to=2025-01-02&format=csv')).text();
    expect(csv).toBe(
      'day,groupBy,key,label,requests,errors,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,costUsd,unpricedRequests\r\n',
    );
    const json = (await (await api('/usage/export?from=2025-01-01&to=2025-01-02&format=json')).json()) as { rows: unknown[] };
    expect(json.rows).toEqual([]);
  });

  it('hands adapters that cannot stream (IPC) the export as one text', async () => {
    const result = (await t.core.invoke(
      'exportUsage',
      { from: '2026-03-01', to: '2026-03-01', projectId, groupBy: 'provider', format: 'csv' },
      adminSessionActor,
    )) as {
      body: string;
      filename: string;
    };
    expect(result.filename).toBe('switchboard-usage-2026-03-01-to-2026-03-01-by-provider.csv');
    expect(result.body.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('keeps a token caller inside its own project', async () => {
    const token: Actor = { kind: 'token', id: 'tok_x', projectId: otherProject, permissions: new Set(['usage:GetUsageSummary'] as const) };
    const own = (await t.core.invoke('getUsageSummary', { from: '2026-03-01', to: '2026-03-03' }, token)) as UsageSummary;
    expect(own.totals.requests).toBe(99);
    await expect(t.core.invoke('getUsageSummary', { projectId }, token)).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.core.invoke('exportUsage', {}, token)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Missing permission usage:ExportUsage',
    });
  });

  it('serves repeated views from memory until usage is written, then reads again', async () => {
    const read = () =>
      t.core.invoke('getUsageSummary', { from: '2026-04-01', to: '2026-04-01', projectId }, adminSessionActor) as Promise<UsageSummary>;
    expect((await read()).totals.requests).toBe(0);
    await writeDailyRollups(peek, [{ day: '2026-04-01', projectId, model: 'late', requests: 3 }]);
    expect((await read()).totals.requests).toBe(3);
    await peek.run("UPDATE usage_daily SET requests = 4 WHERE day = '2026-04-01'");
    expect((await read()).totals.requests).toBe(4);
  });

  // The plan is SQLite's (its covering indexes); PostgreSQL's planner picks by table statistics.
  it.runIf(testStoreKind === 'sqlite')("reads the screen's fixed group-bys from covering indexes, never the table or a sorter", () => {
    for (const column of ['model', 'provider', 'pipeline']) {
      const plan = t.core.db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT day, ${column} AS key, SUM(requests), SUM(cost_micro_usd) FROM usage_daily WHERE day BETWEEN ? AND ? AND project_id = ? GROUP BY day, key`,
        )
        .all('2026-01-01', '2026-12-31', projectId) as Array<{ detail: string }>;
      expect(plan.map((step) => step.detail).join('; ')).toBe(
        `SEARCH usage_daily USING COVERING INDEX usage_daily_by_${column} (day>? AND day<?)`,
      );
    }
  });

  it('answers bad ranges and filters with 400 and field details', async () => {
    for (const query of [
      'from=2026-03-05&to=2026-03-01',
      'from=2026-02-30',
      'groupBy=colour',
      'provider=nope',
      'format=xml',
      'from=2020-01-01&to=2026-01-01',
      'limit=0',
    ]) {
      const path = query.startsWith('format') ? '/usage/export' : query.startsWith('limit') ? '/usage/time-series' : '/usage/summary';
      const response = await api(`${path}?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'validation_failed', details: [expect.objectContaining({ path: expect.any(String) })] },
      });
    }
  });
});
