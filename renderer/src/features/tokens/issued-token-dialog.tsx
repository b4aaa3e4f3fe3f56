import { CopyButton } from '../../components/copy-button';
import { Dialog } from '../../components/dialog';
import { useAppStore } from '../../store/app-store';
import type { IssuedToken } from '../../store/tokens-slice';
import { tokenSnippets, usableSlugs } from './token-snippets';

/** The one time a token's value is visible: copy it, or copy a snippet that uses it. */
export function IssuedTokenDialog({ issued }: { issued: IssuedToken }) {
  const dismiss = useAppStore((s) => s.dismissIssuedToken);
  const agentEndpoint = useAppStore((s) => s.status?.agentEndpoint) ?? 'http://127.0.0.1:8787/v3';
  const providers = useAppStore((s) => s.providers.data) ?? [];
  const slugs = usableSlugs(issued.token, providers);
  const snippets = issued.token.kind === 'job' ? tokenSnippets(agentEndpoint, issued.value, slugs) : [];
  return (
    <Dialog title={`Token “${issued.token.name}” issued`} onClose={dismiss} wide>
      <p className="banner banner-warning">Copy it now: Switchboard keeps only a hash and cannot show it again.</p>
      <div className="secret-line">
        <label htmlFor="issued-token-value">Token</label>
        <input id="issued-token-value" readOnly value={issued.value} className="code-input" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={issued.value} label="Copy token" />
      </div>
      {issued.token.kind === 'api' && (
        <p>
          Send it as <code>Authorization: Bearer …</code> to the REST API or the MCP endpoint.
        </p>
      )}
      {issued.token.kind === 'job' && slugs.length === 0 && (
        <p className="muted">Add a provider this token may call to see ready-to-paste snippets.</p>
      )}
      {snippets.map((snippet) => (
        <section key={snippet.id} className="snippet" aria-labelledby={`snippet-${snippet.id}`}>
          <header>
            <h3 id={`snippet-${snippet.id}`}>{snippet.title}</h3>
            <CopyButton text={snippet.text} label={`Copy ${snippet.title} snippet`} />
          </header>
          <pre tabIndex={0} aria-label={`${snippet.title} snippet`}>
            <code>{snippet.text}</code>
          </pre>
        </section>
      ))}
      <div className="form-actions">
        <button type="button" onClick={dismiss}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
