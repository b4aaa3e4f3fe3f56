/** What to type for a fresh login link: the installed bin, or npx from a checkout. */
export const loginCommands = ['switchboard login', 'npx switchboard login'] as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The pages a browser sees before it is signed in (sign-in needed, a used or expired link): styled
 * like the admin UI, self-contained (inline CSS, which the UI's CSP allows), no script.
 */
export function authPage(content: { title: string; message: string; hint: string }): string {
  const message = escape(content.message).replace(/`([^`]+)`/g, '<code>$1</code>');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escape(content.title)} · Switchboard</title>
<style>
  :root { --bg: #f6f7f9; --card: #fff; --text: #1b1f24; --muted: #57606a; --border: #d0d7de; --code: #eef1f4; --accent: #2563eb; }
  @media (prefers-color-scheme: dark) { :root { --bg: #0f1115; --card: #171a21; --text: #e6e8eb; --muted: #9aa4b2; --border: #2c313a; --code: #222733; --accent: #6ea8fe; } }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text);
    font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { width: min(34rem, calc(100vw - 2rem)); background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 2rem; }
  .brand { margin: 0 0 1.25rem; font-weight: 600; color: var(--accent); letter-spacing: .02em; }
  h1 { margin: 0 0 .5rem; font-size: 1.35rem; }
  p { margin: 0 0 1rem; color: var(--muted); }
  pre { margin: 0 0 .5rem; padding: .6rem .8rem; background: var(--code); border-radius: 6px; overflow-x: auto; }
  code { font: 14px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--text); }
  .or { margin: 0 0 .5rem; font-size: .9rem; }
</style>
</head>
<body>
<main>
<p class="brand">Switchboard</p>
<h1>${escape(content.title)}</h1>
<p>${message}</p>
<p>${escape(content.hint)}</p>
<pre><code>${loginCommands[0]}</code></pre>
<p class="or">or, from a Switchboard checkout:</p>
<pre><code>${loginCommands[1]}</code></pre>
</main>
</body>
</html>
`;
}
