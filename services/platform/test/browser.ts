/**
 * Just enough of a browser for OpenID Connect flows in tests: follows redirects by hand, keeps
 * cookies per host, and submits the provider's login and consent forms.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(private readonly login: string) {}

  private cookies(url: URL): string {
    return [...(this.jar.get(url.host) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(url: URL, response: Response): void {
    const cookies = this.jar.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.trim().split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value.join('=') === '') cookies.delete(name);
      else cookies.set(name, value.join('='));
    }
    this.jar.set(url.host, cookies);
  }

  /** Opens `start` and keeps going until a page that is not a redirect or a known form; answers its status and JSON (or text). */
  async open(start: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    let url = new URL(start);
    let init: RequestInit = { method: 'GET' };
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: this.cookies(url) } });
      this.keep(url, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        init = { method: 'GET' };
        continue;
      }
      const text = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(text)?.[1];
      if (action && (response.headers.get('content-type') ?? '').includes('html')) {
        const fields: Record<string, string> = /name="login"/.test(text) ? { prompt: 'login', login: this.login, password: 'any' } : { prompt: 'consent' };
        url = new URL(action.replace(/&amp;/g, '&'), url);
        init = { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
        continue;
      }
      const json = (response.headers.get('content-type') ?? '').includes('json');
      return { status: response.status, body: json && text ? JSON.parse(text) : text };
    }
    throw new Error('too many redirects');
  }
}
