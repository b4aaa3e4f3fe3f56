import { z } from 'zod';
import { ProjectId } from '../ids';
import { Name } from '../slugs';
import { Deleted, IfMatch, PageInput, Timestamp, pageOf } from './common';
import { defineOperation } from './define';

export const Project = z.object({
  id: z.string(),
  name: z.string(),
  /** The project a token or request lands in when none is named. */
  isDefault: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;

export const projectOperations = {
  listProjects: defineOperation({
    summary: 'List projects.',
    input: PageInput.strict(),
    output: pageOf(Project),
    permission: 'projects:ListProjects',
    http: { method: 'GET', path: '/projects' },
  }),
  getProject: defineOperation({
    summary: 'Get one project.',
    input: z.strictObject({ projectId: ProjectId }),
    output: Project,
    permission: 'projects:GetProject',
    http: { method: 'GET', path: '/projects/:projectId' },
  }),
  createProject: defineOperation({
    summary: 'Create a project.',
    input: z.strictObject({ name: Name }),
    output: Project,
    permission: 'projects:CreateProject',
    http: { method: 'POST', path: '/projects', successStatus: 201 },
  }),
  updateProject: defineOperation({
    summary: 'Rename a project.',
    input: z.strictObject({ projectId: ProjectId, ifMatch: IfMatch.optional(), name: Name.optional() }),
    output: Project,
    permission: 'projects:UpdateProject',
    http: { method: 'PATCH', path: '/projects/:projectId' },
  }),
  deleteProject: defineOperation({
    summary: 'Delete an empty project (no providers, secrets or live tokens).',
    input: z.strictObject({ projectId: ProjectId }),
    output: Deleted,
    permission: 'projects:DeleteProject',
    http: { method: 'DELETE', path: '/projects/:projectId' },
  }),
};
